/**
 * A team's fleet: 8 stacks of 25 livestreams in one PostgreSQL backend, updated at the same time by
 * 8 `pulumi up` processes against one emulator with 50 ms of latency. Every livestream is created
 * exactly once and lands in its own stack's state. (`npm run scale` measures the wall time.)
 */
import { startEmulator } from "../../emulator";
import { compareFleet, createFleet, upAll } from "../../bench/fleet-stacks";
import { EmulatorControl, TOKEN } from "../helpers/emulator";
import { usePostgres } from "../helpers/postgres";
import { sql } from "../../scripts/postgres";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(900_000);
const postgres = usePostgres();
let emulator: EmulatorControl;
let stacks: PulumiStack[] = [];

beforeAll(async () => {
  emulator = new EmulatorControl(await startEmulator({ port: 0, latencyMs: 50 }));
});
afterAll(async () => {
  stacks.forEach((s) => s.dispose());
  await emulator?.running.close();
});

it("creates 200 livestreams from 8 parallel stacks with 0 duplicates and 0 orphans", async () => {
  stacks = await createFleet({ stacks: 8, perStack: 25, backendEnv: postgres.env, baseUrl: emulator.baseUrl });
  const { results } = await upAll(stacks);

  expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
  const records = await emulator.livestreams();
  expect(await compareFleet(stacks, records)).toEqual({ inState: 200, inCloudflare: 200, duplicates: 0, orphans: 0, lost: 0 });
  expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(200);
  // Each stack's livestreams in its own state, and all 8 states in the one database.
  for (const [i, stack] of stacks.entries()) {
    expect((await stack.resources()).map((r) => r.outputs?.name).sort()).toEqual(Array.from({ length: 25 }, (_, j) => `fleet${i}-${j}`).sort());
  }
  expect(sql(postgres, "SELECT key FROM pulumi_state WHERE key LIKE '%/stacks/realtimekit-fleet/%.json'")).toHaveLength(8);
  expect(sql(postgres, "SELECT count(*) FROM pulumi_state WHERE key LIKE '%/locks/%'")).toEqual(["0"]);
  for (const stack of stacks) {
    expect(stack.printed()).not.toContain(TOKEN);
    expect(stack.printed()).not.toContain(postgres.password);
  }
});
