/**
 * `npm run scale`: a team's load on Pulumi's PostgreSQL backend, against the emulator with 50 ms of
 * latency on every request. (1) A fleet: 8 stacks of 25 livestreams, updated at once by 8 `pulumi up`
 * processes; (2) the same 200 livestreams in one stack, on PostgreSQL (also without the engine's
 * checkpoints) and on a file backend; (3)
 * rounds of two `pulumi up` of one stack started at the same moment, counting who ran and who was
 * refused by the lock. Prints one table. tests/e2e/teams-*.test.ts assert the counts of each.
 */
import { startEmulator } from "../emulator";
import { createPostgres, removePostgres } from "../scripts/postgres";
import { PulumiStack } from "../scripts/pulumi-stack";
import { compareFleet, createFleet, FleetComparison, upAll } from "./fleet-stacks";

const LATENCY_MS = 50;
const RACE_ROUNDS = Number(process.env.SCALE_RACE_ROUNDS || 10);

interface Row {
  run: string;
  seconds: number | string;
  exits: string;
  comparison: FleetComparison;
}

async function main(): Promise<void> {
  const postgres = await createPostgres();
  const emulator = await startEmulator({ port: 0, latencyMs: LATENCY_MS });
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.url}/__emulator${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
  const stacks: PulumiStack[] = [];
  const rows: Row[] = [];
  try {
    const measure = async (run: string, options: { name: string; stacks: number; perStack: number; backendEnv?: Record<string, string> }) => {
      await control("POST", "/reset");
      const fleet = await createFleet({ ...options, baseUrl: emulator.baseUrl });
      stacks.push(...fleet);
      console.log(`${run}...`);
      const { results, seconds } = await upAll(fleet);
      const listed = (await control("GET", "/livestreams")) as { id: string; name: string | null }[];
      rows.push({ run, seconds: seconds.toFixed(1), exits: results.map((r) => r.code).join(","), comparison: await compareFleet(fleet, listed) });
    };
    await measure("fleet: 8 stacks x 25, parallel, PostgreSQL", { name: "fleet", stacks: 8, perStack: 25, backendEnv: postgres.env });
    await measure("one stack x 200, PostgreSQL", { name: "single", stacks: 1, perStack: 200, backendEnv: postgres.env });
    // Each checkpoint writes the whole state (and first copies the previous one to `.bak`): without them, what is left.
    await measure("one stack x 200, PostgreSQL, PULUMI_SKIP_CHECKPOINTS", { name: "nocheckpoints", stacks: 1, perStack: 200, backendEnv: { ...postgres.env, PULUMI_SKIP_CHECKPOINTS: "true" } });
    await measure("one stack x 200, file backend", { name: "file", stacks: 1, perStack: 200 });
    console.log(formatTable(rows));

    console.log(`\n${RACE_ROUNDS} rounds of two simultaneous 'pulumi up' of one stack (1 livestream), PostgreSQL...`);
    const races = await raceRounds(postgres.env, emulator.baseUrl, control);
    console.log(formatRaces(races));
    // Figures, but also a check: any damage, or an update that failed, makes the run fail.
    const damage = rows.reduce((sum, r) => sum + r.comparison.duplicates + r.comparison.orphans + r.comparison.lost, 0) + races.duplicates + races.lost;
    const failedUpdates = rows.filter((r) => r.exits.split(",").some((code) => code !== "0")).length;
    if (damage > 0 || failedUpdates > 0) {
      console.error(`damage: ${damage} duplicates, orphans or lost livestreams; ${failedUpdates} run(s) with a failed update`);
      process.exitCode = 1;
    }
  } finally {
    stacks.forEach((s) => s.dispose());
    await emulator.close();
    removePostgres(postgres);
  }
}

interface RaceTally {
  oneRanOneRefused: number;
  bothRefused: number;
  bothRan: number;
  refusalsWithLockMessage: number;
  refusals: number;
  /** After each round and one retry of a refused runner: livestreams in Cloudflare beyond one per round. */
  duplicates: number;
  /** Rounds short of their one livestream. */
  lost: number;
}

async function raceRounds(backendEnv: Record<string, string>, baseUrl: string, control: (m: string, p: string, b?: unknown) => Promise<unknown>): Promise<RaceTally> {
  const tally: RaceTally = { oneRanOneRefused: 0, bothRefused: 0, bothRan: 0, refusalsWithLockMessage: 0, refusals: 0, duplicates: 0, lost: 0 };
  await control("POST", "/reset");
  for (let round = 0; round < RACE_ROUNDS; round++) {
    const [stack] = await createFleet({ name: `race${round}`, stacks: 1, perStack: 1, backendEnv, baseUrl });
    try {
      // Each winner holds its lock for 3 s inside its create, so the other always meets it.
      await control("POST", "/faults", { operation: "create_livestream", kind: "delay", ms: 3000 });
      const results = await upAll([stack, stack]).then((r) => r.results);
      const ran = results.filter((r) => r.code === 0).length;
      if (ran === 1) tally.oneRanOneRefused++;
      else if (ran === 0) tally.bothRefused++;
      else tally.bothRan++;
      for (const refused of results.filter((r) => r.code !== 0)) {
        tally.refusals++;
        if ((refused.stdout + refused.stderr).includes("the stack is currently locked by 1 lock(s)")) tally.refusalsWithLockMessage++;
      }
      await stack.up(); // the refused runner tries again
    } finally {
      stack.dispose();
    }
  }
  const listed = (await control("GET", "/livestreams")) as unknown[];
  tally.duplicates = Math.max(0, listed.length - RACE_ROUNDS);
  tally.lost = Math.max(0, RACE_ROUNDS - listed.length);
  return tally;
}

function formatTable(rows: Row[]): string {
  const header = ["run", "wall time", "exit codes", "in state", "in Cloudflare", "duplicates", "orphans", "lost"];
  const lines = rows.map((r) => [r.run, `${r.seconds}s`, r.exits, ...[r.comparison.inState, r.comparison.inCloudflare, r.comparison.duplicates, r.comparison.orphans, r.comparison.lost].map(String)]);
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function formatRaces(t: RaceTally): string {
  const rows: [string, string | number][] = [
    ["rounds", RACE_ROUNDS],
    ["one ran, the other refused", t.oneRanOneRefused],
    ["both refused (locks written in the same instant)", t.bothRefused],
    ["both ran", t.bothRan],
    ["refusals naming the lock", `${t.refusalsWithLockMessage}/${t.refusals}`],
    ["duplicates after the retries", t.duplicates],
    ["rounds whose livestream is missing", t.lost],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
