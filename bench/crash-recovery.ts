/**
 * A crash and what follows it, measured: `pulumi up` of N livestreams is SIGKILLed (CLI, language host and
 * provider at once) at one of four points; then the recovery of docs/crash-recovery.md (`pulumi cancel`, `realtimekit-recover`,
 * `pulumi up`, after its step for "EOF" where the kill emptied a sidecar of the file backend), or a path a user
 * takes without it (`pulumi cancel` + `pulumi up`, or `pulumi refresh --clear-pending-creates` + `pulumi up`),
 * which must be refused for every name Cloudflare already holds, posting nothing, before the user follows the
 * refusal's advice; and Cloudflare (the emulator) is compared with the state. Also two stacks of one backend that
 * declare the same names, one killed (runTwoStackRecovery): no livestream may end in both states.
 * Every create is held, so the kill can land while creates are in flight: by a `delay` fault, after which the
 * emulator commits the create even when its client is gone, as Cloudflare does; or, at `committed-unanswered`, by a
 * `hold` fault, which commits at once and withholds the answer.
 */
import * as fs from "node:fs";
import { DEFAULT_EMULATOR_TOKEN, FaultReport, RequestLogEntry, startEmulator, DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID } from "../emulator";
import { installedCommand } from "../scripts/installed-command";
import { PulumiStack, RunningCommand } from "../scripts/pulumi-stack";
import { ControlPlane, controlPlane } from "./control-plane";
import { Door, doorStack } from "./engine-gone";
import { DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN } from "../provider/engine/tokens";
import { RUN_AGAIN } from "../provider/recovery/state-unchanged";

/**
 * before-creates: as the CLI starts; creates-in-flight: while 10 creates are held before Cloudflare commits them;
 * committed-unanswered: while Cloudflare withholds its answers to 10 creates it has committed; random: any moment.
 */
export const KILL_POINTS = ["before-creates", "creates-in-flight", "committed-unanswered", "random"] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

/**
 * What runs after the kill: the three commands of docs/crash-recovery.md; or `pulumi cancel` + `pulumi up`, or
 * `pulumi refresh --clear-pending-creates` + `pulumi up`, each then the recovery the refusal points to (with the
 * pending creates gone, it finds the livestreams from the program).
 */
export const AFTER_KILL = ["readme", "cancel-up", "clear-pending-up"] as const;
export type AfterKill = (typeof AFTER_KILL)[number];

/** What a path after a kill (AFTER_KILL) did, and Cloudflare (the emulator) compared with the state at its end. */
export interface FollowReport {
  afterKill: AfterKill;
  /** Pending creates the kill left in state. */
  pendingAfterKill: number;
  /** Empty `.attrs` sidecars removed by docs/crash-recovery.md's step for "EOF". */
  sidecarsRemoved: number;
  /** What realtimekit-recover printed (each run, when it refused and said to run it again). */
  recoveryOutput: string;
  /** Times recovery refused to write because another command wrote the stack's state while it ran (then run again, as told). */
  recoveryRefusals: number;
  /**
   * A path without the documented recovery: the names its `up` refused, and the POSTs it sent for names Cloudflare held
   * (told apart only once Cloudflare has answered every create of the killed update, as runCrashRecovery waits for).
   */
  refusedNames: number;
  postsForHeldNames: number;
  inState: number;
  /** Livestreams the state holds under more than one resource: one stream key handed out twice. */
  heldTwice: number;
  /** Older namesakes (seeded by the caller) wrongly taken into state. */
  olderTaken: number;
  /** POSTs Cloudflare received in all. */
  creates: number;
  duplicates: number;
  orphans: number;
  lost: number;
  secretsFound: number;
}

export interface CrashReport extends FollowReport {
  point: KillPoint;
  /** Whether recovery ran right after the kill, while Cloudflare still committed creates (see CrashOptions). */
  recoveredAtOnce: boolean;
  /** Random point only: the kill came `ms` after Cloudflare had received `creates` creates. */
  killAt?: { creates: number; ms: number };
  /** Creates Cloudflare had received when the CLI was killed. */
  createsBeforeKill: number;
  /** Older namesakes seeded (`olderNamesakes`). */
  olderSeeded: number;
}

const CREATE = "create_livestream";

/** The command users run, from the installed package's `bin`. */
export const recoverCommand = (): string[] => installedCommand("realtimekit-recover");

export interface CrashOptions {
  count?: number;
  /**
   * Once Cloudflare has answered the creates it received, seed for every name it holds a livestream created a minute
   * before the update began (one made by an older version, another tool): recovery must not take it. Seeded before
   * the update, it would make the update refuse those names.
   */
  olderNamesakes?: boolean;
  afterKill?: AfterKill;
  /**
   * Right after the kill, empty the state's `.attrs` sidecar, as a kill that lands while Pulumi's file backend writes it
   * leaves it (the random point met this on CI): every `pulumi` command of the stack then fails with "EOF".
   */
  sidecarEmptiedAtKill?: boolean;
  /**
   * Recover right after the kill, as a user following docs/crash-recovery.md does, while Cloudflare still commits the held creates
   * (a `delay` of 10 s, inside the 30 s settle window): recovery must wait them out, not clear them.
   */
  recoverAtOnce?: boolean;
  log?: (line: string) => void;
  /** The stack's environment beyond Pulumi's: a TMPDIR of its own (its name locks) for runs side by side. */
  env?: Record<string, string>;
}

export async function runCrashRecovery(point: KillPoint, options: CrashOptions = {}): Promise<CrashReport> {
  const count = options.count ?? 20;
  const log = options.log ?? (() => undefined);
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  const holdKind = point === "committed-unanswered" ? "hold" : "delay";
  const received = async () => (await control<FaultReport>("GET", "/faults")).fired[holdKind];
  const answered = async () => (await control<RequestLogEntry[]>("GET", "/requests")).filter((r) => r.operation === CREATE).length;
  const stack = await PulumiStack.create("bench/fleet", { env: options.env });
  try {
    await stack.setAll({ plaintext: {
      count: String(count), prefix: "crash", "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID,
      "realtimekit:baseUrl": emulator.baseUrl, "realtimekit:timeoutSeconds": "30",
    }, secret: { "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN } });
    const holdMs = options.recoverAtOnce ? 10_000 : point === "creates-in-flight" || point === "committed-unanswered" ? 4000 : 300;
    await control("POST", "/faults", { operation: CREATE, kind: holdKind, ms: holdMs, count: 10 * count });
    const updateStart = Date.now();
    const up = stack.start(["up", "--yes", "--skip-preview", "--parallel", "10"]);
    let killAt: CrashReport["killAt"];
    if (point === "before-creates") {
      // The CLI prints its banner before it starts the program, so no create can have been sent yet.
      await new Promise((resolve) => up.child.stdout!.once("data", resolve));
    } else if (point === "creates-in-flight" || point === "committed-unanswered") {
      while ((await received()) < Math.min(10, count)) await sleep(50);
    } else {
      // A random moment of the creates: after a random number of them was sent, a random part of a hold later.
      killAt = { creates: Math.floor(Math.random() * (count + 1)), ms: Math.floor(Math.random() * holdMs) };
      let exited = false;
      void up.result.then(() => (exited = true));
      while (!exited && (await received()) < killAt.creates) await sleep(20);
      await sleep(killAt.ms);
    }
    up.kill();
    const createsBeforeKill = await received();
    const killed = await up.result;
    if (options.sidecarEmptiedAtKill) fs.writeFileSync(stack.stateFile() + ".attrs", "");
    log(`${point}: killed${killAt ? ` ${killAt.ms} ms after Cloudflare had received ${killAt.creates} creates` : ""} (exit ${killed.code}), ${createsBeforeKill} creates sent`);
    // Creates held by `delay` commit after the kill: recover once Cloudflare has answered every create it received, unless told not to wait.
    while (!options.recoverAtOnce && (await answered()) < (await received())) await sleep(100);
    const older = new Set<string>();
    for (const { name } of options.olderNamesakes ? await control<{ name: string }[]>("GET", "/livestreams") : []) {
      older.add((await control<{ id: string }>("POST", "/livestreams", { name, created_at: new Date(updateStart - 60_000).toISOString() })).id);
    }
    const followed = await followKill(stack, control, options.afterKill ?? "readme", { older, log });
    return { point, recoveredAtOnce: options.recoverAtOnce ?? false, killAt, createsBeforeKill, olderSeeded: older.size, ...followed };
  } finally {
    stack.dispose();
    await emulator.close();
  }
}

export interface FollowOptions {
  /** Livestreams seeded before the update began, never to be taken. */
  older?: Set<string>;
  /** The livestreams' type in state, which tells the door. */
  type?: string;
  /** What Cloudflare does while realtimekit-recover runs (see kill-matrix.ts's commits-late). */
  duringRecovery?: (recovery: RunningCommand) => Promise<void>;
  log?: (line: string) => void;
}

/**
 * After a kill: the step of docs/crash-recovery.md for "EOF" where needed, then `afterKill` as a user runs it (see
 * AFTER_KILL), then Cloudflare compared with the state.
 */
export async function followKill(stack: PulumiStack, control: ControlPlane, afterKill: AfterKill, options: FollowOptions = {}): Promise<FollowReport> {
  const { older = new Set<string>(), type = DYNAMIC_TYPE_TOKEN, log = () => undefined } = options;
  const answered = async () => (await control<RequestLogEntry[]>("GET", "/requests")).filter((r) => r.operation === CREATE).length;
  // Every path after the kill starts with `pulumi cancel`; the step for "EOF" is where it answers that.
  let sidecarsRemoved = 0;
  if ((await stack.run(["cancel", "--yes"], { allowFailure: true })).stderr.includes("EOF")) {
    sidecarsRemoved = stack.removeEmptySidecars();
    await stack.run(["cancel", "--yes"], { allowFailure: true });
  }
  const pendingAfterKill = JSON.parse(await stack.exportState()).deployment.pending_operations?.length ?? 0;
  let refusedNames = 0;
  let postsForHeldNames = 0;
  if (afterKill !== "readme") {
    if (afterKill === "clear-pending-up") await stack.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    const held = new Set((await control<{ name: string }[]>("GET", "/livestreams")).map((l) => l.name));
    const postsBefore = await answered();
    // --continue-on-error, as a user might; a refusal at check still stops the update at the first name refused.
    const refused = await stack.run(["up", "--yes", "--skip-preview", "--continue-on-error", "--parallel", "10"], { allowFailure: true });
    refusedNames = new Set(refused.stdout.match(/already has a livestream named '[^']+'/g) ?? []).size;
    const records = await control<{ name: string }[]>("GET", "/livestreams");
    postsForHeldNames = (await answered()) - postsBefore - records.filter((r) => !held.has(r.name)).length;
    log(`${afterKill}: exit ${refused.code}, ${refusedNames} names refused, ${postsForHeldNames} POSTs for names Cloudflare held`);
  }
  const recovering = stack.start([], { command: recoverCommand() });
  let [recovery] = await Promise.all([recovering.result, options.duringRecovery?.(recovering)]);
  let recoveryOutput = recovery.stdout;
  let recoveryRefusals = 0;
  // Another command wrote the state while recovery ran: it wrote nothing and says to run it again once that one ended.
  for (; recovery.code !== 0 && recovery.stderr.includes(RUN_AGAIN) && recoveryRefusals < 3; recoveryRefusals++) {
    log(recovery.stderr.trim());
    recovery = await stack.run([], { command: recoverCommand(), allowFailure: true });
    recoveryOutput += recovery.stdout;
  }
  if (recovery.code !== 0) throw new Error(`realtimekit-recover exited ${recovery.code}\n${recovery.stdout}\n${recovery.stderr}`);
  log(recovery.stdout.trim());
  // A refusal here is counted below (declared livestreams not in state), not thrown.
  const last = await stack.run(["up", "--yes", "--skip-preview", "--parallel", "10"], { allowFailure: true });
  if (last.code !== 0) log(`the last up failed (exit ${last.code}):\n${last.stdout}`);

  const all = await control<{ id: string; name: string; stream_key: string }[]>("GET", "/livestreams");
  const records = all.filter((r) => !older.has(r.id));
  const stateIdList = (await stack.resources(type)).map((r) => r.id);
  const stateIds = new Set(stateIdList);
  const cloudIds = new Set(records.map((r) => r.id));
  const names = records.map((r) => r.name);
  const texts = [await stack.exportState(), JSON.stringify(await stack.outputs()), stack.printed()];
  return {
    afterKill, pendingAfterKill, sidecarsRemoved, recoveryOutput, recoveryRefusals, refusedNames, postsForHeldNames,
    inState: stateIds.size,
    heldTwice: stateIdList.length - stateIds.size,
    olderTaken: [...older].filter((id) => stateIds.has(id)).length,
    creates: await answered(),
    duplicates: names.length - new Set(names).size,
    orphans: [...cloudIds].filter((id) => !stateIds.has(id)).length,
    lost: [...stateIds].filter((id) => !cloudIds.has(id!)).length,
    secretsFound: [DEFAULT_EMULATOR_TOKEN, ...all.map((r) => r.stream_key)].filter((s) => texts.some((t) => t.includes(s))).length,
  };
}

export interface TwoStackRecoveryReport {
  /** What stack `a`'s recovery printed. */
  recoveryOutput: string;
  /** Names `a`'s up after its recovery refused, saying why (it stops at the first). */
  refusedNames: number;
  /** Livestreams both stacks' states hold: one stream key handed out twice. */
  inBothStates: number;
  /** Livestreams of the declared names that no stack's state holds. */
  inNoState: number;
  duplicates: number;
}

/**
 * Two stacks, `a` and `b`, of one backend and app declare the same `count` names. Each create of `a`'s `pulumi up`
 * is answered 503 (nothing made), and `a` is killed while it waits out `createSettleSeconds` before sending them
 * again; `b`'s `up` then creates every name; `a` is recovered as docs/crash-recovery.md says, and `up` again.
 */
export async function runTwoStackRecovery(count = 5): Promise<TwoStackRecoveryReport> {
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  const a = await PulumiStack.create("bench/fleet", { stack: "a" });
  try {
    const configure = async (stack: PulumiStack, settleSeconds: string) => {
      await stack.setAll({ plaintext: {
        count: String(count), prefix: "shared", "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID,
        "realtimekit:baseUrl": emulator.baseUrl, "realtimekit:createSettleSeconds": settleSeconds,
      }, secret: { "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN } });
    };
    // A settle window long enough that the kill lands in it, before any create is sent again.
    await configure(a, "10");
    await control("POST", "/faults", { operation: CREATE, kind: "status", status: 503, count });
    const up = a.start(["up", "--yes", "--skip-preview", "--parallel", "10"]);
    while ((await control<FaultReport>("GET", "/faults")).fired.status < count) await sleep(50);
    up.kill();
    await up.result;
    await a.run(["cancel", "--yes"]);
    const b = await a.sibling("bench/fleet", "b");
    await configure(b, "2");
    await b.run(["up", "--yes", "--skip-preview", "--parallel", "10"]);

    const recovery = await a.run([], { command: recoverCommand() });
    const refused = await a.run(["up", "--yes", "--skip-preview", "--continue-on-error", "--parallel", "10"], { allowFailure: true });
    const records = await control<{ id: string; name: string }[]>("GET", "/livestreams");
    const [aIds, bIds] = await Promise.all([a, b].map(async (s) => new Set((await s.resources()).map((r) => r.id))));
    const names = records.map((r) => r.name);
    return {
      recoveryOutput: recovery.stdout,
      refusedNames: new Set(refused.stdout.match(/already has a livestream named '[^']+'/g) ?? []).size,
      inBothStates: [...aIds].filter((id) => bIds.has(id)).length,
      inNoState: records.filter((r) => !aIds.has(r.id) && !bIds.has(r.id)).length,
      duplicates: names.length - new Set(names).size,
    };
  } finally {
    // The stacks share one backend folder: removing it once removes both.
    a.dispose();
    await emulator.close();
  }
}

/** A stack of `door`'s fleet project against an emulator of its own, for the review-gap runs below. */
async function gapStack(door: Door, prefix: string, count: number, settleSeconds: number): Promise<{ stack: PulumiStack; control: ControlPlane; close: () => Promise<void> }> {
  const emulator = await startEmulator({ port: 0 });
  const stack = await doorStack(door, emulator, { count, prefix, settleSeconds }).catch(async (error) => {
    await emulator.close();
    throw error;
  });
  return { stack, control: controlPlane(emulator), close: async () => (stack.dispose(), await emulator.close()) };
}

/**
 * A create sent again late, then killed: `pulumi up` of `count` through `door`, each create answered 429 with
 * `Retry-After: 22`, its resend held 15 s before Cloudflare commits it; the kill lands while Cloudflare holds the
 * resends, so the commits come 37 s after the state's last write, past its 20 s settle window but inside the resends'
 * (their marks beside the name locks), and 15 s after the kill, more than recovery takes to look on a busy machine.
 * Then docs/crash-recovery.md's steps: recovery must wait for the marks, not clear the creates.
 */
export async function runLateResendRecovery(door: Door = "typescript", count = 3, log: (line: string) => void = () => undefined): Promise<FollowReport> {
  const { stack, control, close } = await gapStack(door, "late", count, 20);
  try {
    await control("POST", "/faults", { faults: [
      { operation: CREATE, kind: "status", status: 429, retryAfter: 22, count },
      { operation: CREATE, kind: "delay", ms: 15_000, count },
    ] });
    const up = stack.start(["up", "--yes", "--skip-preview", "--parallel", "10"]);
    while ((await control<FaultReport>("GET", "/faults")).fired.delay < count) await sleep(50);
    up.kill();
    await up.result;
    return await followKill(stack, control, "readme", { log, type: door === "typescript" ? DYNAMIC_TYPE_TOKEN : PLUGIN_TYPE_TOKEN });
  } finally {
    await close();
  }
}

/**
 * `pulumi up` run while recovery waits: `up` of 1 killed while Cloudflare holds its create, then docs/crash-recovery.md's
 * steps with a 20 s settle window; while recovery waits it out, the program gains a livestream and the user's `up`
 * (`--target` the new one, which needs no name recovery holds) creates it. Recovery must not write over that.
 */
export async function runUpDuringRecoveryWait(log: (line: string) => void = () => undefined): Promise<FollowReport> {
  const { stack, control, close } = await gapStack("typescript", "during", 1, 20);
  try {
    await control("POST", "/faults", { operation: CREATE, kind: "delay", ms: 3000 });
    const up = stack.start(["up", "--yes", "--skip-preview"]);
    while ((await control<FaultReport>("GET", "/faults")).fired.delay < 1) await sleep(50);
    up.kill();
    await up.result;
    const [pending] = JSON.parse(await stack.exportState()).deployment.pending_operations;
    return await followKill(stack, control, "readme", {
      log,
      duringRecovery: async (recovery) => {
        let printed = "";
        recovery.child.stdout!.on("data", (d) => (printed += d));
        while (!printed.includes("waiting")) await sleep(50);
        await stack.setConfig({ count: "2" });
        const added = await stack.run(["up", "--yes", "--skip-preview", "--target", pending.resource.urn.replace(/during-0$/, "during-1")]);
        log(`up during recovery's wait: ${added.stdout.match(/\+ \d+ created/)?.[0] ?? "nothing created"}`);
      },
    });
  } finally {
    await close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
