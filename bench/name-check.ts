/**
 * What "a name is one livestream per app" costs (provider/app-names.ts): before its first create, a
 * provider process lists the whole app once. Measured at 10, 1,000 and 10,000 livestreams in the
 * app, with the benchmark's latency on each request: the first create of a fresh provider (the list,
 * then the POST) against a later create of the same process (the POST alone). Part of `npm run
 * bench`; `node dist/bench/name-check.js` runs it alone.
 */
import { performance } from "node:perf_hooks";
import { DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID, DEFAULT_EMULATOR_TOKEN, RunningEmulator, startEmulator } from "../emulator";
import { LivestreamProvider } from "../provider/provider";
import { markdown } from "./markdown";

export const NAME_CHECK_SIZES = [10, 1_000, 10_000];

export interface NameCheckRow {
  n: number;
  pagesListed: number;
  firstCreate: number;
  laterCreate: number;
}

const SEEDS_AT_ONCE = 20;
const OTHER_APP_ID = "7b2d7a35-1b1e-4c3f-9d2a-0e5f6a7b8c9d";

async function seed(emulator: RunningEmulator, count: number): Promise<void> {
  const post = (i: number) => fetch(`${emulator.url}/__emulator/livestreams`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: `seeded-${i}` }),
  });
  for (let i = 0; i < count; i += SEEDS_AT_ONCE) {
    await Promise.all(Array.from({ length: Math.min(SEEDS_AT_ONCE, count - i) }, (_, j) => post(i + j)));
  }
}

function freshProvider(emulator: RunningEmulator): LivestreamProvider {
  const provider = new LivestreamProvider(() => undefined);
  const config: Record<string, string> = {
    "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN, "realtimekit:baseUrl": emulator.baseUrl,
    "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID,
  };
  void provider.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } });
  return provider;
}

async function seconds(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return (performance.now() - start) / 1000;
}

export async function measureNameCheck(sizes: number[], latencyMs: number): Promise<NameCheckRow[]> {
  const rows: NameCheckRow[] = [];
  for (const n of sizes) {
    const emulator = await startEmulator({ port: 0 });
    try {
      // A create before timing, in another app, so neither figure pays for loading the client or a first connection.
      await freshProvider(emulator).create({ accountId: ACCOUNT_ID, appId: OTHER_APP_ID, name: "warm-up" });
      await seed(emulator, n);
      await fetch(`${emulator.url}/__emulator/settings`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ latencyMs }) });
      await fetch(`${emulator.url}/__emulator/requests`, { method: "DELETE" });
      const provider = freshProvider(emulator);
      const scope = { accountId: ACCOUNT_ID, appId: APP_ID };
      const firstCreate = await seconds(() => provider.create({ ...scope, name: `first-${n}` }));
      const laterCreate = await seconds(() => provider.create({ ...scope, name: `later-${n}` }));
      const requests = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as { operation: string | null }[];
      rows.push({ n, pagesListed: requests.filter((r) => r.operation === "fetch_all_livestreams").length, firstCreate, laterCreate });
    } finally {
      await emulator.close();
    }
  }
  return rows;
}

export function nameCheckTable(rows: NameCheckRow[]): string {
  const base = rows[0];
  const lines = rows.map((r) => [
    String(r.n), String(r.pagesListed), `${r.firstCreate.toFixed(2)}s`, `${r.laterCreate.toFixed(2)}s`,
    (r.firstCreate / r.laterCreate).toFixed(1), (r.firstCreate / base.firstCreate).toFixed(1),
  ]);
  return markdown(["livestreams in the app", "pages listed", "first create", "later create", "first/later", `first/first at ${base.n}`], lines);
}

if (require.main === module) {
  const latencyMs = 50;
  measureNameCheck(NAME_CHECK_SIZES, latencyMs).then((rows) => {
    console.log(`The names check: one list of the app per provider process, ${latencyMs} ms latency per request\n`);
    console.log(nameCheckTable(rows));
  }).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
