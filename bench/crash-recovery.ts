/**
 * A crash and the README's recovery, measured: `pulumi up` of N livestreams is SIGKILLed (CLI,
 * language host and provider at once) at one of three points, then `pulumi cancel`,
 * `realtimekit-recover` and `pulumi up` run, and Cloudflare (the emulator) is compared with the state.
 * Every create is held by a `delay` fault, so the kill can land while creates are in flight; the
 * emulator commits a held create even when its client is gone, as Cloudflare does.
 */
import * as path from "node:path";
import { DEFAULT_EMULATOR_TOKEN, FaultReport, RequestLogEntry, startEmulator } from "../emulator";
import { PulumiStack } from "../scripts/pulumi-stack";
import { controlPlane } from "./control-plane";

/** before-creates: as the CLI starts; creates-in-flight: while 10 creates are held; random: any moment of the update. */
export const KILL_POINTS = ["before-creates", "creates-in-flight", "random"] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export interface CrashReport {
  point: KillPoint;
  /** Milliseconds from starting `pulumi up` to the SIGKILL (random point only). */
  killedAfterMs?: number;
  /** Creates Cloudflare had received when the CLI was killed. */
  createsBeforeKill: number;
  /** Pending creates the kill left in state. */
  pendingAfterKill: number;
  /** What realtimekit-recover printed. */
  recoveryOutput: string;
  inState: number;
  /** POSTs Cloudflare received in all. */
  creates: number;
  duplicates: number;
  orphans: number;
  lost: number;
  secretsFound: number;
}

const ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";
const APP_ID = "14a396e7-ca44-4937-bf1f-050a69118543";
const CREATE = "create_livestream";

/** The command users run, from the installed package's `bin`. */
function recoverCommand(): string[] {
  const pkgDir = path.dirname(require.resolve("pulumi-realtimekit/package.json"));
  const bin = (require(path.join(pkgDir, "package.json")) as { bin: Record<string, string> }).bin["realtimekit-recover"];
  return [process.execPath, path.join(pkgDir, bin)];
}

export async function runCrashRecovery(point: KillPoint, options: { count?: number; log?: (line: string) => void } = {}): Promise<CrashReport> {
  const count = options.count ?? 20;
  const log = options.log ?? (() => undefined);
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  const received = async () => (await control<FaultReport>("GET", "/faults")).fired.delay;
  const answered = async () => (await control<RequestLogEntry[]>("GET", "/requests")).filter((r) => r.operation === CREATE).length;
  const stack = await PulumiStack.create("bench/fleet");
  try {
    await stack.setConfig({
      count: String(count), prefix: "crash", "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID,
      "realtimekit:baseUrl": emulator.baseUrl, "realtimekit:timeoutSeconds": "30",
    });
    await stack.setConfig({ "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN }, true);
    const holdMs = point === "creates-in-flight" ? 4000 : 300;
    await control("POST", "/faults", { operation: CREATE, kind: "delay", ms: holdMs, count: 10 * count });

    const up = stack.start(["up", "--yes", "--skip-preview", "--parallel", "10"]);
    let killedAfterMs: number | undefined;
    if (point === "before-creates") {
      // The CLI prints its banner before it starts the program, so no create can have been sent yet.
      await new Promise((resolve) => up.child.stdout!.once("data", resolve));
    } else if (point === "creates-in-flight") {
      while ((await received()) < Math.min(10, count)) await sleep(50);
    } else {
      killedAfterMs = Math.floor(Math.random() * 6000);
      await sleep(killedAfterMs);
    }
    up.kill();
    const createsBeforeKill = await received();
    const killed = await up.result;
    log(`${point}: killed${killedAfterMs === undefined ? "" : ` after ${killedAfterMs} ms`} (exit ${killed.code}), ${createsBeforeKill} creates sent`);
    // Held creates commit after the kill: recover once Cloudflare has answered every create it received.
    while ((await answered()) < (await received())) await sleep(100);
    const pendingAfterKill = JSON.parse(await stack.exportState()).deployment.pending_operations?.length ?? 0;

    // The README's recovery, exactly.
    await stack.run(["cancel", "--yes"], { allowFailure: true });
    const recovery = await stack.run([], { command: recoverCommand() });
    log(recovery.stdout.trim());
    await stack.run(["up", "--yes", "--skip-preview", "--parallel", "10"]);

    const records = await control<{ id: string; name: string; stream_key: string }[]>("GET", "/livestreams");
    const stateIds = new Set((await stack.resources()).map((r) => r.id));
    const cloudIds = new Set(records.map((r) => r.id));
    const names = records.map((r) => r.name);
    const texts = [await stack.exportState(), JSON.stringify(await stack.outputs()), stack.printed()];
    return {
      point, killedAfterMs, createsBeforeKill, pendingAfterKill, recoveryOutput: recovery.stdout,
      inState: stateIds.size,
      creates: await answered(),
      duplicates: names.length - new Set(names).size,
      orphans: [...cloudIds].filter((id) => !stateIds.has(id)).length,
      lost: [...stateIds].filter((id) => !cloudIds.has(id!)).length,
      secretsFound: [DEFAULT_EMULATOR_TOKEN, ...records.map((r) => r.stream_key)].filter((s) => texts.some((t) => t.includes(s))).length,
    };
  } finally {
    stack.dispose();
    await emulator.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
