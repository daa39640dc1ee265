/**
 * PostgreSQL stops while creates are in flight. Pulumi's DIY backend retries each failed checkpoint
 * write 10 times over about 30 s: a short outage is ridden out; a longer one fails the update,
 * leaving the new livestreams as pending creates and the lock in place. Pulumi's own
 * `refresh --import-pending-creates` loses them; docs/crash-recovery.md's recovery (`pulumi cancel`, then
 * `realtimekit-recover`, as after a crash) ends with every livestream in state once, and no second POST.
 * @mostly-waiting: on the backend's retries (see tests/setup/waiting-lane.js).
 */
import { recoverCommand } from "../../bench/crash-recovery";
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets } from "../helpers/e2e";
import { stackOnPostgres, usePostgres } from "../helpers/postgres";
import { sql, startPostgres, stopPostgres } from "../../scripts/postgres";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { DYNAMIC_TYPE_TOKEN } from "../../provider/engine/tokens";

jest.setTimeout(600_000);
const emulator = useEmulator();
const postgres = usePostgres();
const COUNT = 3;
let stack: PulumiStack;

afterEach(() => stack?.dispose());

const until = async (condition: () => Promise<boolean>) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 100));
};

/** A fleet stack of COUNT livestreams whose creates are held 3 s each, so the server can stop while they are in flight. */
async function stackWithHeldCreates(name: string): Promise<PulumiStack> {
  const s = await stackOnPostgres("bench/fleet", emulator, postgres, name);
  await s.setConfig({ count: String(COUNT), prefix: name, "realtimekit:timeoutSeconds": "30" });
  await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 3000, count: COUNT });
  return s;
}

async function stopWhileCreatesInFlight(): Promise<void> {
  await until(async () => (await emulator.call<{ fired: { delay: number } }>("GET", "/faults")).fired.delay === COUNT);
  stopPostgres(postgres);
}

async function expectEveryLivestreamInStateOnce(): Promise<void> {
  const records = await emulator.livestreams();
  expect(records.map((r) => r.name).sort()).toEqual(Array.from({ length: COUNT }, (_, i) => `${stack.stack}-${i}`));
  expect((await stack.resources()).map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
  expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(COUNT);
}

it("rides out a short outage: the CLI retries its checkpoint writes and the update completes", async () => {
  stack = await stackWithHeldCreates("short");
  // -v=7 shows each failed write. Pulumi's debug log also holds resource outputs: never in shared CI logs.
  const up = stack.run(["up", "--yes", "--skip-preview", "-v=7", "--logtostderr"], { allowFailure: true });
  await stopWhileCreatesInFlight();
  await until(async () => (await emulator.livestreams()).length === COUNT);
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the first writes after the creates fail meanwhile
  startPostgres(postgres);
  const result = await up;

  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/Error while writing snapshot to: \.pulumi\/stacks\/realtimekit-fleet\/short\.json \(attempt=0, error=.*connection refused/);
  await expectEveryLivestreamInStateOnce();
});

it("fails clearly when the backend stays away; Pulumi's import of pending creates loses them; cancel and realtimekit-recover keep each once", async () => {
  stack = await stackWithHeldCreates("long");
  const up = stack.up({ allowFailure: true });
  await stopWhileCreatesInFlight();
  const failed = await up; // about 30 s of retries per checkpoint write
  startPostgres(postgres);

  expect(failed.code).not.toBe(0);
  const printed = failed.stdout + failed.stderr;
  expect(printed).toContain("error: post-step event returned an error: failed to save snapshot: An IO error occurred while writing the new snapshot file");
  expect(printed).toContain("connect: connection refused");
  expect(printed).toMatch(/error: there was a problem deleting the lock at postgres:\/\/\*\*\*\*:\*\*\*\*@127\.0\.0\.1:\d+\/pulumi_state\/\.pulumi\/locks\/.*, manual clean up may be required/);
  expect(await emulator.livestreams()).toHaveLength(COUNT);
  const exported = JSON.parse(await stack.exportState());
  expect(exported.deployment.resources.filter((r: { type: string }) => r.type === DYNAMIC_TYPE_TOKEN)).toEqual([]);
  expect(exported.deployment.pending_operations.map((op: { type: string }) => op.type)).toEqual(Array(COUNT).fill("creating"));
  // The lock of the failed update stays and refuses the next one until `pulumi cancel`.
  expect((await stack.up({ allowFailure: true })).stderr).toContain("the stack is currently locked by 1 lock(s)");

  await stack.run(["cancel", "--yes"]);
  // Pulumi's own import of pending creates loses them (the state row is saved first and put back after).
  const stateKey = "pulumi_state/.pulumi/stacks/realtimekit-fleet/long.json";
  sql(postgres, `CREATE TABLE saved AS SELECT data FROM pulumi_state WHERE key = '${stateKey}'`);
  const byName = new Map((await emulator.livestreams()).map((r) => [r.name, r.id]));
  const pairs = exported.deployment.pending_operations.flatMap((op: { resource: { urn: string; inputs: { name: string } } }) => ["--import-pending-creates", op.resource.urn, "--import-pending-creates", byName.get(op.resource.inputs.name)!]);
  await stack.run(["refresh", "--yes", "--skip-preview", ...pairs]);
  const afterImport = JSON.parse(await stack.exportState()).deployment;
  expect(afterImport.resources.filter((r: { type: string }) => r.type === DYNAMIC_TYPE_TOKEN)).toEqual([]);
  expect(afterImport.pending_operations ?? []).toEqual([]);
  sql(postgres, `UPDATE pulumi_state SET data = (SELECT data FROM saved) WHERE key = '${stateKey}'`);
  expect(JSON.parse(await stack.exportState()).deployment.pending_operations).toHaveLength(COUNT);

  // The recovery, as docs/crash-recovery.md gives it (after `pulumi cancel`, above): the same command as after a crash.
  const recovered = await stack.run([], { command: recoverCommand() });
  expect(recovered.stdout).toContain(`done: ${COUNT} written to state, 0 cleared`);
  const after = await stack.up();

  expect(after.stdout).toMatch(/4 unchanged/);
  await expectEveryLivestreamInStateOnce();
  const records = await emulator.livestreams();
  expect((await stack.resources()).map((r) => r.outputs?.ingestServer)).toEqual(records.map((r) => r.ingest_server));
  await expectNoPlainSecrets(stack, [TOKEN, postgres.password, ...records.map((r) => r.stream_key)]);
});
