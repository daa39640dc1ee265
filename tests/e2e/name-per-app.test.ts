/**
 * A name is one livestream per app, under the real engine: `destroy` + `up` and a second stack that
 * declares a name the app holds are refused at preview, naming the livestream, with nothing posted
 * or saved; `adoptExisting` takes the one that exists; two explicit providers of one app in one
 * program (two provider processes), and two stacks, post a name once, also when the first create
 * fails without knowing what it made; recovering a killed stack takes nothing another stack of the
 * backend holds.
 */
import { runSharedNames } from "../../bench/shared-names";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, stackFor } from "../helpers/e2e";
import { yamlProjectHeader, yamlProjectStack } from "../helpers/plugin";
import { runTwoStackRecovery } from "../../bench/crash-recovery";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(300_000);
const emulator = useEmulator();
const POST = "POST create_livestream";
let stacks: PulumiStack[] = [];
afterEach(() => {
  for (const s of stacks) s.dispose();
  stacks = [];
});

/** The from-config example with `list` as its livestreams, as a user sets them with `pulumi config set --path`. */
async function fromConfig(list: Record<string, string | boolean>[], stackName = "test"): Promise<PulumiStack> {
  const stack = await stackFor("examples/from-config", emulator, stackName);
  stacks.push(stack);
  await declare(stack, list);
  return stack;
}

async function declare(stack: PulumiStack, list: Record<string, string | boolean>[]): Promise<void> {
  await stack.run(["config", "rm", "livestreams"], { allowFailure: true });
  for (const [index, entry] of list.entries()) {
    for (const [field, value] of Object.entries(entry)) {
      await stack.run(["config", "set", "--path", `livestreams[${index}].${field}`, String(value), ...(typeof value === "boolean" ? ["--type", "bool"] : [])]);
    }
  }
}

describe("one livestream per name in an app", () => {
  it("refuses 'destroy' + 'up' at preview, naming the livestream destroy forgot, and adoptExisting takes it back", async () => {
    const stack = await fromConfig([{ name: "stage" }]);
    await stack.up();
    const [made] = await emulator.livestreams();
    await stack.destroy();

    const preview = await stack.preview({ allowFailure: true });
    expect(preview.code).not.toBe(0);
    const printed = preview.stdout + preview.stderr;
    expect(printed).toContain(`already has a livestream named 'stage': ${made.id} (created ${made.created_at})`);
    expect(printed).toContain("'adoptExisting: true'");
    expect(printed).not.toMatch(/\n\s+at /); // no stack trace
    const refused = await stack.up({ allowFailure: true });
    expect(refused.code).not.toBe(0);
    expect(await stack.resources()).toEqual([]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);

    await declare(stack, [{ name: "stage", adoptExisting: true }]);
    await stack.up();
    expect((await stack.resources()).map((r) => r.id)).toEqual([made.id]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
    expect((await stack.outputs()).streamKeys).toBe("[secret]");
    expect((await stack.outputs(true)).streamKeys).toEqual({ stage: made.stream_key });
    await expectNoPlainSecrets(stack, [TOKEN, made.stream_key]);
  });

  it("refuses a second stack that declares a name the app holds, and lets it through with a name of its own", async () => {
    const first = await fromConfig([{ name: "stage" }], "first");
    await first.up();
    const [held] = await emulator.livestreams();

    const second = await fromConfig([{ name: "stage" }], "second");
    const preview = await second.preview({ allowFailure: true });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toContain(`already has a livestream named 'stage': ${held.id}`);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);

    await declare(second, [{ name: "stage-2" }]);
    await second.up();
    expect((await emulator.livestreams()).map((l) => l.name).sort()).toEqual(["stage", "stage-2"]);
  });

  it("never writes into a killed stack's state the livestreams another stack of the backend created after the kill, when recovering it", async () => {
    // Issue 24's defect 3: recovery wrote b's livestreams into a's state, 'created before the crash'; both handed out one stream key.
    const report = await runTwoStackRecovery(5);
    expect(report.recoveryOutput).not.toContain("before the crash");
    expect(report.recoveryOutput).toMatch(/was not created \(no livestream of that name since \S+ that no stack holds; \S+ \(created \S+\) is held by stack \S+\/b\)/);
    expect(report.refusedNames).toBeGreaterThanOrEqual(1);
    expect({ inBothStates: report.inBothStates, inNoState: report.inNoState, duplicates: report.duplicates }).toEqual({ inBothStates: 0, inNoState: 0, duplicates: 0 });
  });

  it("posts a name once when two explicit providers of one app (two processes) each create it, refusing the second", async () => {
    const stack = await twoProviders();
    // Cloudflare's create takes a while: both processes list the app before either POST lands.
    await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 400, count: 2 });

    const result = await stack.up({ allowFailure: true });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/already has a livestream named 'dup'/);
    expect((await emulator.livestreams()).map((l) => l.name)).toEqual(["dup"]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("posts a name once through two explicit providers when the first create fails not knowing what it made (its read-back answered 500s)", async () => {
    const stack = await twoProviders("      timeoutSeconds: 1\n      maxRetries: 0\n      createSettleSeconds: 5\n");
    // The first POST is committed and answered 2.5 s late, after its client gave up and the other process listed the
    // app; then every read by id fails.
    await emulator.faults(
      { operation: "create_livestream", kind: "delay", ms: 2500 },
      { operation: "get-v2-livestream-session-livestream-id", kind: "status", status: 500, count: 100 },
    );

    const result = await stack.up({ allowFailure: true });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/already has a livestream named 'dup'/);
    expect((await emulator.livestreams()).map((l) => l.name)).toEqual(["dup"]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("posts each name once when two stacks of one app create the same names and each first create fails unread (TypeScript door)", async () => {
    const report = await runSharedNames(3);
    expect(report).toEqual({ names: 3, posts: 3, livestreams: 3, duplicates: 0, refused: 3 });
  });
});

/** A Pulumi YAML program with two explicit providers of one app (two provider processes), `extra` their further settings, each creating 'dup'. */
async function twoProviders(extra = ""): Promise<PulumiStack> {
  const provider = (name: string) => `  ${name}:
    type: pulumi:providers:realtimekit
    properties:
      apiToken: \${token}
      accountId: ${ACCOUNT_ID}
      appId: ${APP_ID}
      baseUrl: \${baseUrl}
${extra}`;
  const livestream = (name: string, via: string) => `  ${name}:
    type: realtimekit:IndependentLivestream
    properties:
      name: dup
    options:
      provider: \${${via}}
`;
  const stack = await yamlProjectStack("yaml-two-providers", [
    yamlProjectHeader("two-providers"),
    "config:\n  baseUrl:\n    type: string\n  token:\n    type: string\n    secret: true\nresources:\n",
    provider("p1"), provider("p2"), livestream("a", "p1"), livestream("b", "p2"),
  ].join(""));
  stacks.push(stack);
  await stack.setConfig({ baseUrl: emulator.baseUrl });
  await stack.setConfig({ token: TOKEN }, true);
  return stack;
}
