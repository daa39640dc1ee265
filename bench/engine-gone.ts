/**
 * A provider outliving its engine, measured: `pulumi up` of N livestreams through one door, and only the CLI's
 * process group SIGKILLed, as a closed terminal or `kill -9 <pulumi>` does, at one of three moments. Pulumi starts
 * its plugins in process groups of their own, so the provider processes are left to notice by themselves. Counted:
 * what reached Cloudflare (the emulator) after the kill, and which provider processes still run 5 s later.
 */
import { FaultReport, FaultSpec, RequestLogEntry, startEmulator, DEFAULT_EMULATOR_TOKEN, DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID } from "../emulator";
import { ProcessInfo, killAll, stillRuns } from "../scripts/processes";
import { PulumiStack, RunningCommand } from "../scripts/pulumi-stack";
import { controlPlane } from "./control-plane";
import { declareYamlFleet } from "./fleet-stacks";

/**
 * creates-in-flight: while Cloudflare holds creates before committing them; committed-unanswered: while it withholds
 * its answers to creates it committed; settle-wait: while the provider waits out `createSettleSeconds` after 503s,
 * before it sends those creates again.
 */
export const ENGINE_KILL_MOMENTS = ["creates-in-flight", "committed-unanswered", "settle-wait"] as const;
export type EngineKillMoment = (typeof ENGINE_KILL_MOMENTS)[number];
/** typescript: the dynamic provider (bench/fleet); yaml: the plugin (bench/yaml-fleet). */
export const DOORS = ["typescript", "yaml"] as const;
export type Door = (typeof DOORS)[number];

export interface EngineGoneReport {
  door: Door;
  moment: EngineKillMoment;
  /** Creates Cloudflare had received at the kill: the held ones, as many as the update runs at once. */
  createsBeforeKill: number;
  /** Provider processes running outside the CLI's group at the kill: what the kill left behind. */
  providersAtKill: number;
  /** POSTs that reached Cloudflare later than `POST_GRACE_MS` after the kill. */
  postsAfterKill: number;
  /** Requests of any kind that reached Cloudflare later than `LATE_MS` after the kill. */
  lateRequests: number;
  /** Provider processes still running 5 s after the kill. */
  providersLeft: number;
}

/** A provider ends within about a second of its engine; a read sent before it noticed changes nothing. */
export const LATE_MS = 1000;
/**
 * Every POST asks the engine first, but one that had its answer just before the kill can land a moment after it (on a
 * busy machine, tens of milliseconds); it is recorded as pending, and recovered as any crash. None may land later.
 */
export const POST_GRACE_MS = 500;
const LEFT_AFTER_MS = 5000;
/** Creates held at once; the update runs this many steps at a time, so no other create is on its way at the kill. */
const HELD = 5;
const CREATE = "create_livestream";

/** The fault that holds the first HELD creates at `moment`, and the counter that says it has. */
const HOLDS: Record<EngineKillMoment, FaultSpec> = {
  "creates-in-flight": { operation: CREATE, kind: "delay", ms: 4000, count: HELD },
  "committed-unanswered": { operation: CREATE, kind: "hold", ms: 4000, count: HELD },
  "settle-wait": { operation: CREATE, kind: "status", status: 503, count: HELD },
};

/** A provider plugin: Pulumi's dynamic provider host (and its launcher script), or ours. */
const isProvider = (p: ProcessInfo) => /pulumi-resource-|cmd\/dynamic-provider/.test(p.command);

export async function runEngineGone(door: Door, moment: EngineKillMoment, options: { count?: number; log?: (line: string) => void } = {}): Promise<EngineGoneReport> {
  const count = options.count ?? 20;
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  const stack = await PulumiStack.create(door === "typescript" ? "bench/fleet" : "bench/yaml-fleet");
  let up: RunningCommand | undefined;
  let leftBehind: ProcessInfo[] = [];
  try {
    if (door === "typescript") await stack.setConfig({ count: String(count), prefix: "gone" });
    else declareYamlFleet(stack, count, "gone");
    // The shortest settle window: the create sent again comes 2 s after its 503, well inside the 5 s watched.
    await stack.setConfig({
      "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID, "realtimekit:baseUrl": emulator.baseUrl,
      "realtimekit:timeoutSeconds": "30", "realtimekit:createSettleSeconds": "2",
    });
    await stack.setConfig({ "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN }, true);
    const hold = HOLDS[moment];
    await control("POST", "/faults", hold);
    up = stack.start(["up", "--yes", "--skip-preview", "--parallel", String(HELD)]);
    // The CLI's exit, not the end of its output, which a plugin given its stderr would keep open.
    const cliExit = new Promise((resolve) => up!.child.once("exit", resolve));
    let exited = false;
    void cliExit.then(() => (exited = true));
    const received = async () => (await control<FaultReport>("GET", "/faults")).fired[hold.kind];
    while (!exited && (await received()) < HELD) await sleep(50);
    if (exited) throw new Error(`pulumi up ended before Cloudflare held ${HELD} creates:\n${(await up.result).stdout}`);
    const killedAt = Date.now();
    leftBehind = up.killGroupOnly();
    const createsBeforeKill = await received();
    await cliExit;
    await sleep(LEFT_AFTER_MS);
    const providers = leftBehind.filter(isProvider);
    const requests = await control<RequestLogEntry[]>("GET", "/requests");
    const after = (ms: number) => requests.filter((r) => Date.parse(r.timestamp) > killedAt + ms);
    const report: EngineGoneReport = {
      door, moment, createsBeforeKill, providersAtKill: providers.length,
      postsAfterKill: after(POST_GRACE_MS).filter((r) => r.operation === CREATE).length,
      lateRequests: after(LATE_MS).length,
      providersLeft: providers.filter(stillRuns).length,
    };
    options.log?.(`${door}, killed at ${moment}: ${JSON.stringify(report)}`);
    return report;
  } finally {
    killAll(leftBehind);
    up?.kill();
    await up?.result;
    stack.dispose();
    await emulator.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
