/** The from-config example: one livestream per entry of a list in stack config. */
import { useEmulator } from "../helpers/emulator";
import { stackFor } from "../helpers/e2e";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(120_000);
const emulator = useEmulator({ resetBeforeEach: false });
let stack: PulumiStack;

beforeAll(async () => {
  stack = await stackFor("examples/from-config", emulator);
});
afterAll(() => stack?.dispose());


/** Writes the list as a user would, entry by entry with `pulumi config set --path`. */
async function setLivestreams(list: Record<string, string>[]): Promise<void> {
  await stack.run(["config", "rm", "livestreams"], { allowFailure: true });
  for (const [index, entry] of list.entries()) {
    for (const [field, value] of Object.entries(entry)) {
      await stack.run(["config", "set", "--path", `livestreams[${index}].${field}`, value]);
    }
  }
}

describe("livestreams declared in stack config", () => {
  it("creates one livestream per entry", async () => {
    await setLivestreams([{ name: "main-stage" }, { name: "backstage" }]);
    await stack.up();
    expect((await emulator.livestreams()).map((l) => l.name).sort()).toEqual(["backstage", "main-stage"]);
    expect((await stack.resources()).map((r) => r.id).sort()).toEqual((await emulator.livestreams()).map((l) => l.id).sort());
    const outputs = await stack.outputs();
    expect(Object.keys(outputs.playbackUrls as object).sort()).toEqual(["backstage", "main-stage"]);
    expect(outputs.streamKeys).toBe("[secret]");
  });

  it("forgets only the entry that was removed", async () => {
    const before = await stack.resources();
    await setLivestreams([{ name: "main-stage" }]);
    const { stdout } = await stack.up();
    expect(stdout).toMatch(/livestream [0-9a-f-]+ \('backstage'\) was removed from the stack but STILL EXISTS in Cloudflare/);
    const after = await stack.resources();
    expect(after.map((r) => r.id)).toEqual(before.filter((r) => r.urn.endsWith("::main-stage")).map((r) => r.id));
    expect((await emulator.calls()).filter((c) => c.startsWith("POST"))).toHaveLength(2);
  });

  it("rejects a bad entry at preview, naming it, with no request and nothing changed", async () => {
    const stateBefore = await stack.resources();
    const callsBefore = await emulator.calls();
    await setLivestreams([{ name: "main-stage" }, { name: "bad name" }, { nmae: "typo" }, { name: "main-stage" }]);
    const result = await stack.preview({ allowFailure: true });
    expect(result.code).not.toBe(0);
    const printed = result.stdout + result.stderr;
    expect(printed).toContain("Config 'livestreams[1]' field 'name' must be 1-100 characters, each a letter, digit, '-' or '_' (got \"bad name\")");
    expect(printed).toContain("Config 'livestreams[2]' field 'nmae' is not a livestream setting (allowed: name, accountId, appId, adoptLivestreamId, adoptExisting)");
    expect(printed).toContain("Config 'livestreams[2]' needs a 'name'");
    expect(printed).toContain("Config 'livestreams[3]' repeats 'main-stage'; each livestream needs its own");
    expect(await emulator.calls()).toEqual(callsBefore);
    expect(await stack.resources()).toEqual(stateBefore);
  });
});
