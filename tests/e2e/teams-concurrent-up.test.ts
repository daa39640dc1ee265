/**
 * Two `pulumi up` of the same stack started at the same moment on a PostgreSQL backend, as two CI
 * runners would. Pulumi's DIY lock (a row under .pulumi/locks, written then re-checked) lets at most
 * one of them run and refuses the other at once, without waiting; when both write their lock in the
 * same instant, both are refused. The refused runner's retry then finds the work done (or does it).
 * @mostly-waiting: on the creates the emulator holds 8 s (see tests/setup/waiting-lane.js).
 */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets } from "../helpers/e2e";
import { stackOnPostgres, usePostgres } from "../helpers/postgres";
import { sql } from "../../scripts/postgres";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(300_000);
const emulator = useEmulator();
const postgres = usePostgres();
let stack: PulumiStack;

afterAll(() => stack?.dispose());

it("runs at most one of two simultaneous updates, refuses the other clearly, and creates the livestream once", async () => {
  stack = await stackOnPostgres("examples/quickstart", emulator, postgres);
  await stack.setConfig({ "realtimekit:timeoutSeconds": "30" });
  // The winner holds its lock for 8 s inside its create, so a loser that starts late on a busy machine still meets it.
  await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 8000 });
  const results = await Promise.all([stack.up({ allowFailure: true }), stack.up({ allowFailure: true })]);

  expect(results.filter((r) => r.code === 0).length).toBeLessThanOrEqual(1);
  for (const loser of results.filter((r) => r.code !== 0)) {
    const printed = loser.stdout + loser.stderr;
    expect(printed).toContain("error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.");
    expect(printed).toMatch(/postgres:\/\/\*\*\*\*:\*\*\*\*@127\.0\.0\.1:\d+\/pulumi_state\/\.pulumi\/locks\/organization\/realtimekit-quickstart\/test\/[0-9a-f-]{36}\.json\?sslmode=disable: created by .+ \(pid \d+\)/);
  }
  expect(sql(postgres, "SELECT count(*) FROM pulumi_state WHERE key LIKE '%/locks/%'")).toEqual(["0"]);
  const winners = results.filter((r) => r.code === 0).length;
  expect((await emulator.livestreams()).length).toBe(winners);

  // The refused runner tries again once the other is done.
  const retry = await stack.up();
  expect(retry.stdout).toMatch(winners === 1 ? /2 unchanged/ : /\+ 2 created/);
  const records = await emulator.livestreams();
  expect(records).toHaveLength(1);
  expect((await stack.resources()).map((r) => r.id)).toEqual([records[0].id]);
  expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
  await expectNoPlainSecrets(stack, [records[0].stream_key, TOKEN, postgres.password]);
});
