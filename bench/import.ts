/**
 * What bringing an app's livestreams under management costs (provider/import, docs/importing.md):
 * `realtimekit-import --all` on apps of 100 and 1,000 livestreams, with names in the list and
 * without (each then read by id), and the `pulumi up` that adopts 100 beside one that creates 100,
 * both through the TypeScript door's from-config program (examples/from-config), with the
 * benchmark's latency on each request. Part of `npm run bench`.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_EMULATOR_TOKEN, ListNames, RequestLogEntry, RunningEmulator } from "../emulator";
import { installedCommand } from "../scripts/installed-command";
import { PulumiStack } from "../scripts/pulumi-stack";
import { controlPlane } from "./control-plane";
import { markdown } from "./markdown";

export const IMPORT_SIZES = [100, 1_000];
/** The apps whose `up` adopts and creates. */
const UP_SIZE = 100;
const SEEDS_AT_ONCE = 20;

export interface ImportRow {
  n: number;
  listNames: ListNames;
  seconds: number;
  pagesListed: number;
  readsById: number;
}

export interface AdoptRow {
  n: number;
  creatingUp: number;
  adoptingUp: number;
  creatingPosts: number;
  adoptingPosts: number;
  adoptingGets: number;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return (performance.now() - start) / 1000;
}

/** A stack of the from-config program on its own app. */
async function stackOn(emulator: RunningEmulator, appId: string): Promise<PulumiStack> {
  const stack = await PulumiStack.create("examples/from-config");
  await stack.setAll({ plaintext: { "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": appId, "realtimekit:baseUrl": emulator.baseUrl }, secret: { "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN } });
  return stack;
}

async function seed(emulator: RunningEmulator, appId: string, n: number): Promise<void> {
  const control = controlPlane(emulator);
  for (let at = 0; at < n; at += SEEDS_AT_ONCE) {
    await Promise.all(Array.from({ length: Math.min(SEEDS_AT_ONCE, n - at) }, (_, i) => control("POST", "/livestreams", { app_id: appId, name: `old-${at + i}` })));
  }
}

async function requestsOf(emulator: RunningEmulator, appId: string): Promise<RequestLogEntry[]> {
  return (await controlPlane(emulator)<RequestLogEntry[]>("GET", "/requests")).filter((r) => r.path.includes(`/${appId}/`));
}

const importCommand = (stack: PulumiStack, door: string) => stack.run(["--door", door, "--all"], { command: installedCommand("realtimekit-import") });

export async function measureImport(emulator: RunningEmulator, parallel: string[]): Promise<{ imports: ImportRow[]; adopt: AdoptRow }> {
  const control = controlPlane(emulator);
  const imports: ImportRow[] = [];
  for (const n of IMPORT_SIZES) {
    const appId = randomUUID();
    await seed(emulator, appId, n);
    const stack = await stackOn(emulator, appId);
    try {
      for (const listNames of ["echo", "null"] as const) {
        await control("PATCH", "/settings", { listNames });
        const before = (await requestsOf(emulator, appId)).length;
        const seconds = await timed(() => importCommand(stack, "yaml"));
        const requests = (await requestsOf(emulator, appId)).slice(before);
        const counted = (operation: string) => requests.filter((r) => r.operation === operation).length;
        imports.push({ n, listNames, seconds, pagesListed: counted("fetch_all_livestreams"), readsById: counted("get-v2-livestream-session-livestream-id") });
        // What it wrote is claimed for the stack (docs/importing.md#one-livestream-one-stack): let go, so the next run writes it all again.
        await stack.run(["--release"], { command: installedCommand("realtimekit-import") });
      }
    } finally {
      stack.dispose();
    }
  }
  await control("PATCH", "/settings", { listNames: "echo" });

  const adoptApp = randomUUID();
  await seed(emulator, adoptApp, UP_SIZE);
  const adopting = await stackOn(emulator, adoptApp);
  const createApp = randomUUID();
  const creating = await stackOn(emulator, createApp);
  try {
    await importCommand(adopting, "typescript");
    const adoptingUp = await timed(() => adopting.run(["up", "--yes", "--skip-preview", ...parallel]));
    const names = Array.from({ length: UP_SIZE }, (_, i) => ["--plaintext", `livestreams[${i}].name=new-${i}`]).flat();
    await creating.run(["config", "set-all", "--path", ...names]);
    const creatingUp = await timed(() => creating.run(["up", "--yes", "--skip-preview", ...parallel]));
    const adopted = await requestsOf(emulator, adoptApp);
    return {
      imports,
      adopt: {
        n: UP_SIZE, creatingUp, adoptingUp,
        creatingPosts: (await requestsOf(emulator, createApp)).filter((r) => r.method === "POST").length,
        adoptingPosts: adopted.filter((r) => r.method === "POST").length,
        adoptingGets: adopted.filter((r) => r.operation === "get-v2-livestream-session-livestream-id").length,
      },
    };
  } finally {
    adopting.dispose();
    creating.dispose();
  }
}

export function importTable(rows: ImportRow[]): string {
  const header = ["livestreams", "names", "pages listed", "reads by id", "realtimekit-import", "/first row"];
  return markdown(header, rows.map((r) => [
    String(r.n), r.listNames === "echo" ? "listed" : "left out", String(r.pagesListed), String(r.readsById), `${r.seconds.toFixed(2)}s`, (r.seconds / rows[0].seconds).toFixed(2),
  ]));
}

export function adoptTable(r: AdoptRow): string {
  const header = ["N", "creating up", "adopting up", "adopting/creating", "POSTs creating", "POSTs adopting", "GETs adopting"];
  return markdown(header, [[
    String(r.n), `${r.creatingUp.toFixed(2)}s`, `${r.adoptingUp.toFixed(2)}s`, (r.adoptingUp / r.creatingUp).toFixed(2),
    String(r.creatingPosts), String(r.adoptingPosts), String(r.adoptingGets),
  ]]);
}

/** `node dist/bench/import.js` runs it alone, at the benchmark's latency. */
if (require.main === module) {
  (async () => {
    const { startEmulator } = await import("../emulator");
    const emulator = await startEmulator({ port: 0, latencyMs: 50 });
    try {
      const { imports, adopt } = await measureImport(emulator, ["--parallel", "10"]);
      console.log(`${importTable(imports)}\n\n${adoptTable(adopt)}`);
    } finally {
      await emulator.close();
    }
  })().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
