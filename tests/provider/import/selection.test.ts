/** What realtimekit-import takes: the livestreams picked, less what is held or declared, and neither of a name held twice unless told. */
import { Criteria, globRegExp, Holdings, select } from "../../../provider/import/selection";
import { LivestreamSummary } from "../../../provider/types";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const live = (n: number, name: string | undefined, createdAt: string, status = "IDLE"): LivestreamSummary => ({ livestreamId: id(n), name, createdAt, status });

const app: LivestreamSummary[] = [
  live(1, "show-a", "2026-11-01T00:00:00Z"),
  live(2, "show-b", "2026-11-03T00:00:00Z", "LIVE"),
  live(3, "twin", "2026-11-02T00:00:00Z"),
  live(4, "twin", "2026-11-04T00:00:00Z"),
  live(5, undefined, "2026-10-01T00:00:00Z"),
  live(6, "talk", "2026-11-05T00:00:00Z"),
];
const none: Holdings = { inState: new Set(), otherStacks: new Map(), declared: new Set(), declaredNames: new Set() };
const all: Criteria = { all: true, take: new Set() };
const ids = (list: LivestreamSummary[]) => list.map((l) => l.livestreamId);

describe("selecting an app's livestreams", () => {
  it("takes every livestream for --all, oldest first, but neither of a name held twice, which it lists", () => {
    const s = select(app, all, none);
    expect(ids(s.picked)).toEqual([id(5), id(1), id(2), id(6)]);
    expect(s.matched).toBe(6);
    expect(s.duplicates).toEqual([{ name: "twin", livestreams: [app[2], app[3]], held: new Map() }]);
  });

  it("takes the one of a duplicated name that --take names, and still lists the pair", () => {
    const s = select(app, { ...all, take: new Set([id(4)]) }, none);
    expect(ids(s.picked)).toEqual([id(5), id(1), id(2), id(4), id(6)]);
    expect(s.duplicates.map((d) => d.name)).toEqual(["twin"]);
  });

  it("refuses a --take that names no livestream of a duplicated name", () => {
    expect(() => select(app, { ...all, take: new Set([id(1)]) }, none)).toThrow(
      `--take ${id(1)}: not a livestream the pick reaches whose name the app holds more than once`,
    );
  });

  it("refuses a --take of a duplicated name's livestream that the pick does not reach, naming it", () => {
    expect(() => select(app, { all: false, name: "show-*", take: new Set([id(3)]) }, none)).toThrow(
      `--take ${id(3)}: not a livestream the pick reaches whose name the app holds more than once`,
    );
  });

  it("leaves out, as declared, every livestream of a name an entry of the program already names (it takes that livestream at up)", () => {
    const s = select(app, all, { ...none, declaredNames: new Set(["show-a", "twin"]) });
    expect(ids(s.picked)).toEqual([id(5), id(2), id(6)]);
    expect(s.declared).toBe(3);
  });

  it("leaves out, and counts, what this stack holds, what other stacks hold (every one of them) and what the program declares", () => {
    const holdings: Holdings = { inState: new Set([id(1), id(3)]), otherStacks: new Map([[id(2), ["org/p/prod", "org/p/qa"]], [id(4), ["org/p/prod"]]]), declared: new Set([id(6)]), declaredNames: new Set() };
    const s = select(app, all, holdings);
    expect(ids(s.picked)).toEqual([id(5)]);
    expect(s).toMatchObject({ inState: 2, heldByOtherStacks: [{ livestreamId: id(2), stacks: ["org/p/prod", "org/p/qa"] }, { livestreamId: id(4), stacks: ["org/p/prod"] }], declared: 1 });
    expect(s.duplicates).toEqual([{ name: "twin", livestreams: [app[2], app[3]], held: new Map([[id(3), ["this stack"]], [id(4), ["org/p/prod"]]]) }]);
  });

  it("takes no other livestream of a name once the stack holds one of it", () => {
    const s = select(app, all, { ...none, inState: new Set([id(3)]) });
    expect(ids(s.picked)).toEqual([id(5), id(1), id(2), id(6)]);
    expect(s.duplicates[0].held).toEqual(new Map([[id(3), ["this stack"]]]));
  });

  it.each<[string, Partial<Criteria>, number[]]>([
    ["a name glob", { name: "show-*" }, [1, 2]],
    ["a name glob with ?", { name: "t?lk" }, [6]],
    ["a creation date", { since: new Date("2026-11-03T00:00:00Z") }, [2, 6]],
    ["a status", { status: "LIVE" }, [2]],
    ["every filter at once", { name: "show-*", since: new Date("2026-11-02T00:00:00Z"), status: "LIVE" }, [2]],
    ["* only, for a livestream without a name", { name: "*" }, [5, 1, 2, 6]],
  ])("picks by %s", (_, criteria, expected) => {
    expect(ids(select(app, { all: false, take: new Set(), ...criteria }, none).picked)).toEqual(expected.map(id));
  });

  it("lists a duplicated name only when the pick reaches it, and counts what the pick matched", () => {
    const s = select(app, { all: false, name: "show-*", take: new Set() }, none);
    expect(s.duplicates).toEqual([]);
    expect(s.matched).toBe(2);
  });

  it("reads a glob's other characters literally", () => {
    expect(globRegExp("a.b*").test("a.b-c")).toBe(true);
    expect(globRegExp("a.b*").test("axb")).toBe(false);
  });

  it("matches a glob against the whole name, newlines and characters beyond the BMP included", () => {
    expect(globRegExp("*").test("a\nb")).toBe(true);
    expect(globRegExp("a*").test("a\nb")).toBe(true);
    expect(globRegExp("a").test("a\n")).toBe(false);
    expect(globRegExp("a").test("b\na")).toBe(false);
    expect(globRegExp("a?b").test("a\u{1F600}b")).toBe(true);
  });
});
