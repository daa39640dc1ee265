/**
 * `npm run bench`: what `pulumi up`, a no-op `up`, `refresh` and `destroy` cost per livestream,
 * against the floor a user could write by hand, in one run, with 50 ms of emulated latency on each
 * request. Two floors: our client's raw HTTP calls plus the engine's empty `up`, and the same
 * lifecycle of do-nothing dynamic resources that only wait that latency where ours makes a request
 * (bench/floor). Then the three doors side by side: the same N livestreams from Pulumi YAML and
 * from Go through the plugin (bench/yaml-fleet, bench/go-fleet; a Go `up` includes its `go build`),
 * and N ComponentResources that call no provider (bench/components),
 * the engine's own floor. Prints times (medians where repeated) and the ratios; `--large` adds N = 500, `--sizes 1,50`
 * measures those N instead. Then, what the names check costs in apps of 10 to 10,000 livestreams (bench/name-check.ts);
 * last, realtimekit-import on apps of 100 and 1,000 livestreams and the `up` that adopts 100 beside one that creates 100
 * (bench/import.ts).
 */
import { performance } from "node:perf_hooks";
import { DEFAULT_EMULATOR_TOKEN, RunningEmulator, startEmulator, DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID } from "../emulator";
import { RealtimeKitClient } from "../provider/http/client";
import { PulumiStack } from "../scripts/pulumi-stack";
import { outputNames } from "../provider/types";
import { prepareGoProject } from "../scripts/go-program";
import { declareYamlFleet } from "./fleet-stacks";
import { markdown } from "./markdown";
import { adoptTable, importTable, measureImport } from "./import";
import { measureNameCheck, NAME_CHECK_SIZES, nameCheckTable } from "./name-check";

const scope = { accountId: ACCOUNT_ID, appId: APP_ID };
const LATENCY_MS = 50;
const PARALLEL = 10;

/** The seconds one stack's lifecycle takes. */
interface Lifecycle {
  up: number;
  noopUp: number;
  refresh: number;
  destroy: number;
}

type FloorLifecycle = { [K in keyof Lifecycle as `floor${Capitalize<K>}`]: number };
type PluginLifecycle = { [K in keyof Lifecycle as `plugin${Capitalize<K>}`]: number };
type GoLifecycle = { [K in keyof Lifecycle as `go${Capitalize<K>}`]: number };

interface Row extends Lifecycle, FloorLifecycle, PluginLifecycle, GoLifecycle {
  componentsUp: number;
  componentsNoopUp: number;
  n: number;
  rawCreate: number;
  rawRead: number;
  emptyUp: number;
  stateBytesPerLivestream: number;
  providerBytesPerLivestream: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return (performance.now() - start) / 1000;
}

/** Runs `tasks` with at most `limit` at a time, as Pulumi's --parallel does. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

async function stackOf(project: string, emulator: RunningEmulator, config: Record<string, string>): Promise<PulumiStack> {
  const stack = await PulumiStack.create(project);
  await stack.setAll({ plaintext: { ...config, "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID, "realtimekit:baseUrl": emulator.baseUrl }, secret: { "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN } });
  return stack;
}

const parallel = ["--parallel", String(PARALLEL)];

/** `up`, a no-op `up`, `refresh` and `destroy` of `stack`; `inspect` looks at the state before the destroy. */
async function lifecycle(stack: PulumiStack, inspect: () => Promise<void> = async () => undefined): Promise<Lifecycle> {
  const up = await timed(() => stack.run(["up", "--yes", "--skip-preview", ...parallel]));
  const noopUp = await timed(() => stack.run(["up", "--yes", "--skip-preview", ...parallel]));
  const refresh = await timed(() => stack.run(["refresh", "--yes", "--skip-preview", ...parallel]));
  await inspect();
  const destroy = await timed(() => stack.run(["destroy", "--yes", "--skip-preview", ...parallel]));
  stack.dispose();
  return { up, noopUp, refresh, destroy };
}

/** N livestreams in Pulumi YAML, through the plugin shipped in the installed package. */
async function yamlFleet(emulator: RunningEmulator, n: number, prefix: string): Promise<PulumiStack> {
  const stack = await stackOf("bench/yaml-fleet", emulator, {});
  declareYamlFleet(stack, n, prefix);
  return stack;
}

/** N livestreams in Go, through the Go SDK and the same plugin (bench/go-fleet). */
async function goFleet(emulator: RunningEmulator, n: number, prefix: string): Promise<PulumiStack> {
  const stack = await stackOf("bench/go-fleet", emulator, { count: String(n), prefix });
  prepareGoProject(stack.projectDir);
  return stack;
}

async function measure(emulator: RunningEmulator, n: number, repeats: number): Promise<Row> {
  const client = new RealtimeKitClient({ baseUrl: emulator.baseUrl, apiToken: DEFAULT_EMULATOR_TOKEN, timeoutMs: 30_000 });
  const samples: Omit<Row, "n">[] = [];
  for (let r = 0; r < repeats; r++) {
    const names = Array.from({ length: n }, (_, i) => `raw-${n}-${r}-${i}`);
    const ids: string[] = [];
    const rawCreate = await timed(() => pool(names, PARALLEL, async (name) => ids.push((await client.createLivestream(scope, name)).livestreamId)));
    const rawRead = await timed(() => pool(ids, PARALLEL, (id) => client.getLivestream(scope, id)));

    const empty = await stackOf("bench/fleet", emulator, { count: "0", prefix: `empty-${n}-${r}` });
    const emptyUp = await timed(() => empty.run(["up", "--yes", "--skip-preview", ...parallel]));
    empty.dispose();

    const stack = await stackOf("bench/fleet", emulator, { count: String(n), prefix: `fleet-${n}-${r}` });
    let stateBytes = 0;
    let providerBytes = 0;
    const ours = await lifecycle(stack, async () => {
      const resources = await stack.resources();
      if (resources.length !== n) throw new Error(`expected ${n} livestreams in state, found ${resources.length}`);
      stateBytes = resources.reduce((sum, res) => sum + Buffer.byteLength(JSON.stringify(res)), 0);
      providerBytes = resources.reduce((sum, res) => sum + Buffer.byteLength(String(res.outputs?.__provider)) + Buffer.byteLength(String(res.inputs?.__provider)), 0);
    });
    const floor = await lifecycle(await stackOf("bench/floor", emulator, { count: String(n), latencyMs: String(LATENCY_MS), outputs: JSON.stringify(outputNames) }));
    const plugin = await lifecycle(await yamlFleet(emulator, n, `yaml-${n}-${r}`));
    const go = await lifecycle(await goFleet(emulator, n, `go-${n}-${r}`));
    const components = await lifecycle(await stackOf("bench/components", emulator, { count: String(n) }));
    samples.push({
      rawCreate, rawRead, emptyUp, ...ours,
      floorUp: floor.up, floorNoopUp: floor.noopUp, floorRefresh: floor.refresh, floorDestroy: floor.destroy,
      pluginUp: plugin.up, pluginNoopUp: plugin.noopUp, pluginRefresh: plugin.refresh, pluginDestroy: plugin.destroy,
      goUp: go.up, goNoopUp: go.noopUp, goRefresh: go.refresh, goDestroy: go.destroy,
      componentsUp: components.up, componentsNoopUp: components.noopUp,
      stateBytesPerLivestream: stateBytes / Math.max(n, 1), providerBytesPerLivestream: providerBytes / Math.max(n, 1),
    });
  }
  const pick = (key: keyof Omit<Row, "n">) => median(samples.map((s) => s[key]));
  return { n, ...Object.fromEntries(Object.keys(samples[0]).map((key) => [key, pick(key as keyof Omit<Row, "n">)])) } as Row;
}

const seconds = (values: number[]) => values.map((s) => `${s.toFixed(2)}s`);

function table(rows: Row[]): string {
  const header = ["N", "a raw create", "b up", "c empty up", "d no-op up", "e refresh", "f destroy", "raw reads", "b/(a+c)", "d/c", "e/(c+reads)", "state B/ls", "provider B/ls"];
  return markdown(header, rows.map((r) => [
    String(r.n), ...seconds([r.rawCreate, r.up, r.emptyUp, r.noopUp, r.refresh, r.destroy, r.rawRead]),
    (r.up / (r.rawCreate + r.emptyUp)).toFixed(2), (r.noopUp / r.emptyUp).toFixed(2), (r.refresh / (r.emptyUp + r.rawRead)).toFixed(2),
    r.stateBytesPerLivestream.toFixed(0), r.providerBytesPerLivestream.toFixed(0),
  ]));
}

/** Ours against do-nothing dynamic resources that only wait the same latency. */
function floorTable(rows: Row[]): string {
  const header = ["N", "floor up", "floor no-op up", "floor refresh", "floor destroy", "up/floor", "no-op/floor", "refresh/floor", "destroy/floor"];
  return markdown(header, rows.map((r) => [
    String(r.n), ...seconds([r.floorUp, r.floorNoopUp, r.floorRefresh, r.floorDestroy]),
    ...[r.up / r.floorUp, r.noopUp / r.floorNoopUp, r.refresh / r.floorRefresh, r.destroy / r.floorDestroy].map((x) => x.toFixed(2)),
  ]));
}

/** The three doors against N ComponentResources, which make no provider call: the engine's own floor. */
function doorsTable(rows: Row[]): string {
  const header = [
    "N", "components up", "components no-op", "dynamic up", "YAML up", "Go up", "dynamic no-op", "YAML no-op", "Go no-op", "dynamic refresh", "YAML refresh", "Go refresh",
    "YAML up/components", "Go up/YAML up", "Go no-op/YAML no-op",
  ];
  return markdown(header, rows.map((r) => [
    String(r.n), ...seconds([r.componentsUp, r.componentsNoopUp, r.up, r.pluginUp, r.goUp, r.noopUp, r.pluginNoopUp, r.goNoopUp, r.refresh, r.pluginRefresh, r.goRefresh]),
    (r.pluginUp / r.componentsUp).toFixed(2), (r.goUp / r.pluginUp).toFixed(2), (r.goNoopUp / r.pluginNoopUp).toFixed(2),
  ]));
}

/** How a time grows from one N to the next, per added livestream. */
function growth(rows: Row[], key: "up" | "noopUp" | "refresh" | "destroy"): string {
  return rows.slice(1).map((r, i) => {
    const prev = rows[i];
    return `${prev.n}->${r.n}: ${(((r[key] - prev[key]) / (r.n - prev.n)) * 1000).toFixed(0)} ms/livestream`;
  }).join(", ");
}

async function main(): Promise<void> {
  const given = process.argv.indexOf("--sizes");
  const sizes = given > 0 ? process.argv[given + 1].split(",").map(Number) : process.argv.includes("--large") ? [1, 10, 100, 500] : [1, 10, 100];
  const emulator = await startEmulator({ port: 0, latencyMs: LATENCY_MS });
  const rows: Row[] = [];
  let imported: Awaited<ReturnType<typeof measureImport>>;
  try {
    for (const n of sizes) {
      rows.push(await measure(emulator, n, n <= 10 ? 3 : 1));
      console.log(`measured N=${n}`);
    }
    imported = await measureImport(emulator, parallel);
  } finally {
    await emulator.close();
  }
  console.log(`\n${LATENCY_MS} ms latency per request, --parallel ${PARALLEL}; medians of 3 runs for N <= 10, one run above\n`);
  console.log(table(rows));
  console.log("\nAgainst the floor: the same lifecycle of do-nothing dynamic resources that only wait the latency (bench/floor)\n");
  console.log(floorTable(rows));
  console.log("\nThe doors: TypeScript through the dynamic provider, Pulumi YAML and Go through the plugin (bench/yaml-fleet, bench/go-fleet), against N ComponentResources (bench/components)\n");
  console.log(doorsTable(rows));
  if (rows.length >= 2) {
    console.log("\nGrowth per added livestream:");
    for (const key of ["up", "noopUp", "refresh", "destroy"] as const) console.log(`  ${key}: ${growth(rows, key)}`);
  }
  console.log("\nThe names check: one list of the app per provider process before its first create, names listed or read by id once per machine (bench/name-check.ts)\n");
  console.log(nameCheckTable(await measureNameCheck(NAME_CHECK_SIZES, LATENCY_MS)));
  console.log("\nrealtimekit-import --all: settings, the stack's state, the app's list and each name the list leaves out read by id (bench/import.ts)\n");
  console.log(importTable(imported.imports));
  console.log("\nThe up that adopts what realtimekit-import wrote beside an up that creates as many, through examples/from-config\n");
  console.log(adoptTable(imported.adopt));
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
