/**
 * A provider outliving its engine, measured: `pulumi up` of N livestreams through one door, and only the CLI's
 * process group SIGKILLed, as a closed terminal or `kill -9 <pulumi>` does, at one of three moments. Pulumi starts
 * its plugins in process groups of their own, so the provider processes are left to notice by themselves. Counted:
 * what reached Cloudflare (the emulator) after the kill, and which provider processes still run 5 s later.
 */
import { FaultReport, FaultSpec, RequestLogEntry, RunningEmulator, startEmulator, DEFAULT_EMULATOR_TOKEN, DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID } from "../emulator";
import { ProcessInfo, killAll, stillRuns } from "../scripts/processes";
import { PulumiStack, RunningCommand } from "../scripts/pulumi-stack";
import { ControlPlane, controlPlane } from "./control-plane";
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
/** How long a provider may outlive its engine at most before it counts as left behind. */
export const LEFT_AFTER_MS = 5000;
/** Creates held at once; the update runs this many steps at a time, so no other create is on its way at the kill. */
export const HELD = 5;
const CREATE = "create_livestream";

/** The fault that holds the first HELD creates at `moment`, and the counter that says it has. */
export const HOLDS: Record<EngineKillMoment, FaultSpec> = {
  "creates-in-flight": { operation: CREATE, kind: "delay", ms: 4000, count: HELD },
  "committed-unanswered": { operation: CREATE, kind: "hold", ms: 4000, count: HELD },
  "settle-wait": { operation: CREATE, kind: "status", status: 503, count: HELD },
};

/** A provider plugin: Pulumi's dynamic provider host (and its launcher script), or ours. */
const isProvider = (p: ProcessInfo) => /pulumi-resource-|cmd\/dynamic-provider/.test(p.command);

/** A stack of `door`'s fleet project on a backend of its own, declaring `count` livestreams `<prefix>-<i>` in the emulator's default app. */
export async function doorStack(door: Door, emulator: RunningEmulator, options: { count: number; prefix: string; settleSeconds: number }): Promise<PulumiStack> {
  const stack = await PulumiStack.create(door === "typescript" ? "bench/fleet" : "bench/yaml-fleet");
  try {
    if (door === "yaml") declareYamlFleet(stack, options.count, options.prefix);
    const fleet: Record<string, string> = door === "typescript" ? { count: String(options.count), prefix: options.prefix } : {};
    await stack.setAll({
      plaintext: {
        ...fleet, "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID, "realtimekit:baseUrl": emulator.baseUrl,
        "realtimekit:timeoutSeconds": "30", "realtimekit:createSettleSeconds": String(options.settleSeconds),
      },
      secret: { "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN },
    });
    return stack;
  } catch (error) {
    stack.dispose(); // the caller never sees it
    throw error;
  }
}

/** What killing only the CLI's process group left: when, what Cloudflare had received, and the provider processes outside the group. */
export interface CliKill {
  up: RunningCommand;
  /** This machine's clock, as the emulator's request log is. */
  killedAt: number;
  createsBeforeKill: number;
  /** The processes the CLI had started outside its group, and the provider processes among them. */
  leftBehind: ProcessInfo[];
  providers: ProcessInfo[];
  /** Resolves when the CLI has exited (not when its output ends: a plugin given its stderr keeps that open). */
  cliExit: Promise<unknown>;
}

/**
 * `pulumi up` of `stack`, HELD steps at a time, and only its CLI's process group SIGKILLed once Cloudflare holds HELD
 * creates by `faults` (a moment's HOLDS, or others of HELD in all). The caller ends what the kill left behind
 * (`killAll(leftBehind)`, then `up.kill()`).
 */
export async function killCliOnly(stack: PulumiStack, control: ControlPlane, faults: FaultSpec[]): Promise<CliKill> {
  await control("POST", "/faults", { faults });
  const up = stack.start(["up", "--yes", "--skip-preview", "--parallel", String(HELD)]);
  const cliExit = new Promise((resolve) => up.child.once("exit", resolve));
  let exited = false;
  void cliExit.then(() => (exited = true));
  const kinds = [...new Set(faults.map((f) => f.kind))];
  const received = async () => {
    const { fired } = await control<FaultReport>("GET", "/faults");
    return kinds.reduce((sum, kind) => sum + fired[kind], 0);
  };
  try {
    while (!exited && (await received()) < HELD) await sleep(50);
  } catch (error) {
    up.kill();
    throw error;
  }
  if (exited) throw new Error(`pulumi up ended before Cloudflare held ${HELD} creates:\n${(await up.result).stdout}`);
  const killedAt = Date.now();
  const leftBehind = up.killGroupOnly();
  return { up, killedAt, createsBeforeKill: await received(), leftBehind, providers: leftBehind.filter(isProvider), cliExit };
}

export async function runEngineGone(door: Door, moment: EngineKillMoment, options: { count?: number; log?: (line: string) => void } = {}): Promise<EngineGoneReport> {
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  let kill: CliKill | undefined;
  // The shortest settle window: the create sent again comes 2 s after its 503, well inside the 5 s watched.
  const stack = await doorStack(door, emulator, { count: options.count ?? 20, prefix: "gone", settleSeconds: 2 });
  try {
    kill = await killCliOnly(stack, control, [HOLDS[moment]]);
    await kill.cliExit;
    await sleep(LEFT_AFTER_MS);
    const requests = await control<RequestLogEntry[]>("GET", "/requests");
    const after = (ms: number) => requests.filter((r) => Date.parse(r.timestamp) > kill!.killedAt + ms);
    const report: EngineGoneReport = {
      door, moment, createsBeforeKill: kill.createsBeforeKill, providersAtKill: kill.providers.length,
      postsAfterKill: after(POST_GRACE_MS).filter((r) => r.operation === CREATE).length,
      lateRequests: after(LATE_MS).length,
      providersLeft: kill.providers.filter(stillRuns).length,
    };
    options.log?.(`${door}, killed at ${moment}: ${JSON.stringify(report)}`);
    return report;
  } finally {
    await cleanUp(kill, stack, emulator);
  }
}

/** After a cell or row, whatever happened: the processes the kill left, the CLI, the stack's folders, the emulator. */
export async function cleanUp(kill: CliKill | undefined, stack: PulumiStack, emulator: { close(): Promise<void> }): Promise<void> {
  killAll(kill?.leftBehind ?? []);
  kill?.up.kill();
  await kill?.up.result;
  stack.dispose();
  await emulator.close();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
