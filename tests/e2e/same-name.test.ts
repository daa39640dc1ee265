/**
 * Two resources of one program asking for one livestream name in one app are refused at preview,
 * naming both, whether they sit at the top level or under parents of different types (where Pulumi
 * lets two resources share a resource name); nothing is posted and nothing is saved.
 */
import { useEmulator } from "../helpers/emulator";
import { stackFor } from "../helpers/e2e";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(600_000);
const emulator = useEmulator();

describe("one livestream name asked for twice", () => {
  let stack: PulumiStack;

  beforeAll(async () => {
    stack = await stackFor("tests/programs/same-name", emulator);
  });
  afterAll(() => stack?.dispose());

  async function preview(config: Record<string, string>): Promise<{ code: number; printed: string }> {
    for (const key of ["layout", "firstName", "secondName"]) await stack.run(["config", "rm", key], { allowFailure: true });
    await stack.setConfig(config);
    const result = await stack.preview({ allowFailure: true });
    return { code: result.code, printed: result.stdout + result.stderr };
  }

  async function expectRefused(config: Record<string, string>, name: RegExp, holders: [string, string]): Promise<void> {
    const { code, printed } = await preview(config);
    expect(code).not.toBe(0);
    // Whichever of the two is checked second is refused, naming the one checked first.
    const said = printed.match(/name '([^']+)' is also the name of resource (.+?) in the same app/);
    expect(said?.[1]).toMatch(name);
    expect(holders).toContain(said?.[2]);
    // The one request: the first resource's check lists the app's names; nothing is posted.
    expect(await emulator.calls()).toEqual(["GET fetch_all_livestreams"]);
    expect(await stack.resources()).toEqual([]);
  }

  it("refuses two top-level resources with one explicit name", () =>
    expectRefused({ layout: "top", firstName: "stage", secondName: "stage" }, /^stage$/, ["'first'", "'second'"]));

  it("refuses two resources of one resource name under parents of different types, with one explicit name", () =>
    expectRefused({ layout: "nested", firstName: "stage", secondName: "stage" }, /^stage$/, ["'show' under test:index:Studio", "'show' under test:index:Backup"]));

  it("refuses them when both would take the same default name", () =>
    expectRefused({ layout: "nested" }, /^realtimekit-same-name-test-show-[0-9a-f]{8}$/, ["'show' under test:index:Studio", "'show' under test:index:Backup"]));

  it("lets them through with names of their own", async () => {
    const { code, printed } = await preview({ layout: "nested", firstName: "stage-a", secondName: "stage-b" });
    expect(printed).not.toContain("is also the name of resource");
    expect(code).toBe(0);
  });
});
