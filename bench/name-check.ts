/**
 * What "a name is one livestream per app" costs (provider/names/app-names.ts): before its first create, a
 * provider process lists the whole app once, its pages 8 at a time, and reads by id each livestream
 * the list leaves nameless that this machine has not read before (provider/names/name-cache.ts).
 * Measured at 10, 1,000 and 10,000 livestreams in the app, with the benchmark's latency on each
 * request, with names in the list and without (the spec's example list has `name: null`), for a
 * machine's first provider process and a second one: the first create of each fresh provider (the
 * names check, then the POST) against a later create of the same process (the POST alone). Part of
 * `npm run bench`; `node dist/bench/name-check.js` runs it alone.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID, DEFAULT_EMULATOR_TOKEN, ListNames } from "../emulator";
import { AppNames } from "../provider/names/app-names";
import { NameCache } from "../provider/names/name-cache";
import { LivestreamProvider } from "../provider/livestream-provider";
import { markdown } from "./markdown";

export const NAME_CHECK_SIZES = [10, 1_000, 10_000];
/** The goal for the first create in an app of 10,000 livestreams, names listed, at 50 ms a request. */
const GOAL_SECONDS = 2;

export interface NameCheckRow {
  n: number;
  /** Whether the list carries names ("echo") or leaves them out ("null"). */
  listNames: ListNames;
  /** The machine's first provider process, or a second one that finds the first one's cache. */
  process: "first" | "second";
  pagesListed: number;
  readsById: number;
  firstCreate: number;
  laterCreate: number;
  /** CPU seconds the first create took in the provider's process and in the emulator's. */
  providerCpu: number;
  emulatorCpu?: number;
}

const SEEDS_AT_ONCE = 20;
const OTHER_APP_ID = "7b2d7a35-1b1e-4c3f-9d2a-0e5f6a7b8c9d";

/** The emulator's process: as Cloudflare's servers are, its work runs beside the provider's, not in turn with it. */
interface Emulator {
  url: string;
  baseUrl: string;
  /** The CPU seconds its process has used so far, where /proc tells (Linux). */
  cpuSeconds: () => number | undefined;
  close: () => Promise<void>;
}

async function startEmulator(): Promise<Emulator> {
  const child = spawn(process.execPath, [path.join(__dirname, "..", "emulator", "cli.js"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out);
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited (${code}) before it listened`)));
  });
  const [, url, baseUrl] = /listening on (\S+) \(base URL (\S+)\)/.exec(ready) ?? [];
  if (!url) throw new Error(`the emulator's ready line was not understood: ${ready}`);
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const cpuSeconds = () => {
    try {
      // utime and stime, fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name), in ticks of 1/100 s.
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  };
  return { url, baseUrl, cpuSeconds, close: async () => void (child.kill("SIGTERM"), await exited) };
}

async function seed(emulator: Emulator, count: number): Promise<void> {
  const post = (i: number) => fetch(`${emulator.url}/__emulator/livestreams`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: `seeded-${i}` }),
  });
  for (let i = 0; i < count; i += SEEDS_AT_ONCE) {
    await Promise.all(Array.from({ length: Math.min(SEEDS_AT_ONCE, count - i) }, (_, j) => post(i + j)));
  }
}

/** A provider as a fresh process has it; `cacheDir` stands for the machine's cache folder. */
function freshProvider(emulator: Emulator, cacheDir: string): LivestreamProvider {
  const provider = new LivestreamProvider(() => undefined, new AppNames(new NameCache(cacheDir)));
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

async function control(emulator: Emulator, method: string, what: string, body?: object): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator/${what}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
  return response.json();
}

export async function measureNameCheck(sizes: number[], latencyMs: number): Promise<NameCheckRow[]> {
  const rows: NameCheckRow[] = [];
  for (const n of sizes) {
    const emulator = await startEmulator();
    try {
      // A create before timing, in another app, so neither figure pays for loading the client or a first connection.
      const warmCache = fs.mkdtempSync(path.join(os.tmpdir(), "name-check-"));
      await freshProvider(emulator, warmCache).create({ accountId: ACCOUNT_ID, appId: OTHER_APP_ID, name: "warm-up" });
      fs.rmSync(warmCache, { recursive: true, force: true });
      await seed(emulator, n);
      for (const listNames of ["echo", "null"] as const) {
        await control(emulator, "PATCH", "settings", { latencyMs, listNames });
        // A machine: its cache folder, empty before its first process.
        const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "name-check-"));
        try {
          for (const which of ["first", "second"] as const) {
            await control(emulator, "DELETE", "requests");
            const provider = freshProvider(emulator, cacheDir);
            const scope = { accountId: ACCOUNT_ID, appId: APP_ID };
            const [cpuBefore, emulatorBefore] = [process.cpuUsage(), emulator.cpuSeconds()];
            const firstCreate = await seconds(() => provider.create({ ...scope, name: `first-${listNames}-${which}` }));
            const cpu = process.cpuUsage(cpuBefore);
            const providerCpu = (cpu.user + cpu.system) / 1e6;
            const emulatorAfter = emulator.cpuSeconds();
            const emulatorCpu = emulatorBefore === undefined || emulatorAfter === undefined ? undefined : emulatorAfter - emulatorBefore;
            const laterCreate = await seconds(() => provider.create({ ...scope, name: `later-${listNames}-${which}` }));
            const requests = (await control(emulator, "GET", "requests")) as { operation: string | null }[];
            const counted = (operation: string) => requests.filter((r) => r.operation === operation).length;
            rows.push({ n, listNames, process: which, pagesListed: counted("fetch_all_livestreams"), readsById: counted("get-v2-livestream-session-livestream-id"), firstCreate, laterCreate, providerCpu, emulatorCpu });
          }
        } finally {
          fs.rmSync(cacheDir, { recursive: true, force: true });
        }
      }
    } finally {
      await emulator.close();
    }
  }
  return rows;
}

export function nameCheckTable(rows: NameCheckRow[]): string {
  const base = rows[0];
  const firstOf = (r: NameCheckRow) => rows.find((o) => o.n === r.n && o.listNames === r.listNames && o.process === "first") ?? r;
  const lines = rows.map((r) => [
    String(r.n), r.listNames === "echo" ? "listed" : "left out", r.process, String(r.pagesListed), String(r.readsById),
    `${r.firstCreate.toFixed(2)}s`, `${r.laterCreate.toFixed(2)}s`, (r.firstCreate / r.laterCreate).toFixed(1),
    (r.firstCreate / firstOf(r).firstCreate).toFixed(2), (r.firstCreate / base.firstCreate).toFixed(1),
    `${r.providerCpu.toFixed(2)}s`, r.emulatorCpu === undefined ? "n/a" : `${r.emulatorCpu.toFixed(2)}s`,
  ]);
  const header = [
    "livestreams", "names", "process", "pages listed", "reads by id", "first create", "later create", "first/later", "/first process",
    `/${base.n} listed first`, "provider CPU", "emulator CPU",
  ];
  const largest = rows.find((r) => r.n === Math.max(...rows.map((o) => o.n)) && r.listNames === "echo" && r.process === "first");
  const goal = largest ? `\nFirst create at ${largest.n} livestreams, names listed: ${largest.firstCreate.toFixed(2)}s (goal at 10000: at most ${GOAL_SECONDS}s)` : "";
  return markdown(header, lines) + goal;
}

if (require.main === module) {
  const latencyMs = 50;
  const sizes = process.argv.slice(2).map(Number);
  measureNameCheck(sizes.length > 0 ? sizes : NAME_CHECK_SIZES, latencyMs).then((rows) => {
    console.log(`The names check: the app's pages 8 at once, names the list leaves out read by id once per machine, ${latencyMs} ms latency per request\n`);
    console.log(nameCheckTable(rows));
  }).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
