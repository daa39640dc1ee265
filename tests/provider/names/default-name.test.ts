/** Default livestream names: unchanged where only three parts can give them, unique where not. */
import { defaultName } from "../../../provider/names/default-name";
import { livestreamName } from "../../../provider/settings/validate";

describe("default livestream names", () => {
  it("keeps <project>-<stack>-<resource> as it is when each part is plain and the whole fits", () => {
    expect(defaultName("shows", "dev", "main_stage")).toBe("shows-dev-main_stage");
    expect(defaultName("a", "b", "x".repeat(96))).toBe(`a-b-${"x".repeat(96)}`);
  });

  it("gives names that joining or fitting would make equal different hashes", () => {
    const names = [
      defaultName("a-b", "c", "d"), defaultName("a", "b-c", "d"),
      defaultName("p", "s", "show.1"), defaultName("p", "s", "show/1"), defaultName("p", "s", "show-1"), defaultName("p", "s", "show_1"),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(defaultName("p", "s", "show.1")).toMatch(/^p-s-show-1-[0-9a-f]{8}$/);
    expect(defaultName("p", "s", "show_1")).toBe("p-s-show_1");
    expect(names.every((name) => livestreamName(name) === undefined)).toBe(true);
  });

  it("cuts long names to 100 characters and keeps them apart by the hash of the whole", () => {
    const long = (end: string) => defaultName("project", "stack", `${"r".repeat(120)}${end}`);
    expect(long("a")).toHaveLength(100);
    expect(long("a")).not.toBe(long("b"));
    expect(long("a")).toBe(long("a"));
  });
});
