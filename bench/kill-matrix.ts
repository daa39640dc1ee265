/**
 * Issue 24's matrix: only the CLI's process group SIGKILLed (engine-gone.ts) at each moment of a `pulumi up`, through
 * each door (20 livestreams through TypeScript, 6 through Pulumi YAML), then each path a user takes after it
 * (crash-recovery.ts's AFTER_KILL: the three commands of docs/crash-recovery.md; `pulumi cancel` + `pulumi up`;
 * `pulumi cancel` + `pulumi refresh --clear-pending-creates` + `pulumi up`; each then the recovery the refusal names),
 * started as soon as the provider processes the kill left have ended, while Cloudflare may still be committing the
 * creates the kill cut off. Besides engine-gone.ts's three moments, commits-late: some creates committed at once, the
 * others committed by Cloudflare late in their settle window, after a user following a path could have looked.
 * Every cell must be all zeros. Part of `npm run reliability`; tests/e2e/kill-matrix.test.ts runs a few cells.
 */
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { FaultSpec, RequestLogEntry, startEmulator } from "../emulator";
import { DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN } from "../provider/engine/tokens";
import { killAll, stillRuns } from "../scripts/processes";
import { PulumiStack, RunningCommand } from "../scripts/pulumi-stack";
import { ControlPlane, controlPlane } from "./control-plane";
import { AfterKill, followKill } from "./crash-recovery";
import { CliKill, cleanUp, Door, doorStack, ENGINE_KILL_MOMENTS, HELD, HOLDS, killCliOnly, LEFT_AFTER_MS, POST_GRACE_MS } from "./engine-gone";
import { markdown } from "./markdown";

/** The livestreams each door's program declares. */
export const MATRIX_COUNTS: Record<Door, number> = { typescript: 20, yaml: 6 };
export const MATRIX_MOMENTS = [...ENGINE_KILL_MOMENTS, "commits-late"] as const;
export type MatrixMoment = (typeof MATRIX_MOMENTS)[number];
const CREATE = "create_livestream";
/**
 * commits-late: 2 creates committed at once (their answers held), so that a path's `up` is refused at check before it
 * reaches the other 3, answered 503; Cloudflare commits those once realtimekit-recover looks (see
 * commitWhenRecoveryLooks). engine-gone.ts's moments hold HOLDS[moment].
 */
const COMMITS_LATE: FaultSpec[] = [
  { operation: CREATE, kind: "hold", ms: 4000, count: 2 },
  { operation: CREATE, kind: "status", status: 503, count: HELD - 2 },
];
/**
 * The settle window: longer than Cloudflare takes to commit each moment's held creates (4 s, engine-gone.ts); at
 * commits-late, longer than a recovery started right after a path's `up` takes to look, on a busy machine.
 */
const SETTLE_SECONDS: Record<MatrixMoment, number> = { "creates-in-flight": 6, "committed-unanswered": 6, "settle-wait": 6, "commits-late": 40 };
/**
 * At settle-wait, of the creates answered 503, those Cloudflare commits anyway, at the kill: what the provider waits out
 * the settle window for. The emulator's 503 never commits, so these are seeded through its control plane.
 */
const COMMITTED_503 = 3;

export interface MatrixCell {
  door: Door;
  moment: MatrixMoment;
  afterKill: AfterKill;
  /** Livestreams the program declares. */
  declared: number;
  /**
   * POSTs Cloudflare received later than POST_GRACE_MS after the kill and before the path's first command: by then no
   * provider of the killed update runs, so none of its POSTs can come later. One that asked its engine just before
   * the kill may land a moment after it; it is recorded as pending, and recovered as any crash.
   */
  postsAfterKill: number;
  /** Provider processes of the killed update still running LEFT_AFTER_MS after the kill (then ended here). */
  providersLeft: number;
  /** Livestreams of a name beyond its first, in the app. */
  duplicates: number;
  /** Livestreams of the declared names in no state. */
  orphans: number;
  /** Livestreams held twice: by two stacks of the backend, or (each cell's backend holding one stack) two resources. */
  heldTwice: number;
  /** Declared livestreams not in state at the end. */
  missing: number;
  /** In state, not in Cloudflare. */
  lost: number;
  secretsFound: number;
  /** What the path's `up` refused (paths without the documented recovery), and what recovery printed. */
  refusedNames: number;
  recoveryOutput: string;
  seconds: number;
}

export async function runMatrixCell(door: Door, moment: MatrixMoment, afterKill: AfterKill, log: (line: string) => void = () => undefined): Promise<MatrixCell> {
  const started = performance.now();
  const declared = MATRIX_COUNTS[door];
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  // Names of this cell only: the name locks and their marks are the machine's, shared with earlier cells.
  const prefix = `m${Date.now().toString(36)}`;
  let kill: CliKill | undefined;
  const stack = await doorStack(door, emulator, { count: declared, prefix, settleSeconds: SETTLE_SECONDS[moment] });
  try {
    kill = await killCliOnly(stack, control, moment === "commits-late" ? COMMITS_LATE : [HOLDS[moment]]);
    const pending = pendingNames(stack);
    if (moment === "settle-wait") await commit(control, pending.slice(0, COMMITTED_503));
    const providersLeft = await providersAfterKill(kill);
    killAll(kill.leftBehind);
    await kill.up.result;
    const pathStart = Date.now();
    const followed = await followKill(stack, control, afterKill, {
      type: door === "typescript" ? DYNAMIC_TYPE_TOKEN : PLUGIN_TYPE_TOKEN, log,
      duringRecovery: moment === "commits-late" ? (recovery) => commitWhenRecoveryLooks(recovery, control, pending) : undefined,
    });
    const killedAt = kill.killedAt;
    const requests = await control<RequestLogEntry[]>("GET", "/requests");
    const cell: MatrixCell = {
      door, moment, afterKill, declared,
      postsAfterKill: requests.filter((r) => r.operation === CREATE && Date.parse(r.timestamp) > killedAt + POST_GRACE_MS && Date.parse(r.timestamp) < pathStart).length,
      providersLeft,
      duplicates: followed.duplicates,
      orphans: followed.orphans,
      heldTwice: followed.heldTwice,
      missing: declared - followed.inState,
      lost: followed.lost,
      secretsFound: followed.secretsFound,
      refusedNames: followed.refusedNames,
      recoveryOutput: followed.recoveryOutput,
      seconds: Math.round((performance.now() - started) / 1000),
    };
    log(`matrix ${door}, ${moment}, ${afterKill}: ${JSON.stringify({ ...cell, recoveryOutput: undefined })}`);
    return cell;
  } finally {
    await cleanUp(kill, stack, emulator);
  }
}

/** What must be 0 in a cell. */
export function matrixDamage(cell: MatrixCell): number {
  return cell.postsAfterKill + cell.providersLeft + cell.duplicates + cell.orphans + cell.heldTwice + cell.missing + cell.lost + cell.secretsFound;
}

/** Waits until no provider process the kill left runs, for LEFT_AFTER_MS at most; answers how many still run then. */
async function providersAfterKill(kill: CliKill): Promise<number> {
  while (kill.providers.some(stillRuns) && Date.now() < kill.killedAt + LEFT_AFTER_MS) await sleep(100);
  return kill.providers.filter(stillRuns).length;
}

/** The names of the pending creates the kill left, from the state's file (no `pulumi` command runs before the path's). */
function pendingNames(stack: PulumiStack): string[] {
  const pending = JSON.parse(fs.readFileSync(stack.stateFile(), "utf8")).checkpoint.latest.pending_operations as { resource: { inputs: { name: string } } }[];
  return pending.map((p) => p.resource.inputs.name);
}

/** Cloudflare commits a create of each of `names` that it does not hold yet: one the provider answered 503 and never learnt of. */
async function commit(control: ControlPlane, names: string[]): Promise<void> {
  const held = new Set((await control<{ name: string }[]>("GET", "/livestreams")).map((l) => l.name));
  for (const name of names.filter((n) => !held.has(n))) await control("POST", "/livestreams", { name });
}

/**
 * commits-late: Cloudflare commits the creates it answered 503 once realtimekit-recover says it waits out the settle
 * window, or else right after it has listed the app for them (a list by creation time): a recovery that looks without
 * waiting misses them, and the last `up` is refused for their names.
 */
async function commitWhenRecoveryLooks(recovery: RunningCommand, control: ControlPlane, names: string[]): Promise<void> {
  const startedAt = Date.now();
  let waiting = false;
  recovery.child.stdout!.on("data", (chunk) => (waiting ||= String(chunk).includes("waiting")));
  let exited = false;
  void recovery.result.then(() => (exited = true));
  const listed = async () => (await control<RequestLogEntry[]>("GET", "/requests")).some((r) => r.operation === "fetch_all_livestreams" && r.query.start_time && Date.parse(r.timestamp) >= startedAt);
  while (!waiting && !exited && !(await listed())) await sleep(100);
  await commit(control, names);
}

const PATH_LABELS: Record<AfterKill, string> = {
  readme: "cancel, realtimekit-recover, up (the docs' steps)",
  "cancel-up": "cancel + up, then recover + up",
  "clear-pending-up": "cancel + refresh --clear-pending-creates + up, then recover (from a preview) + up",
};

/** The matrix as one table, a cell a line. */
export function formatMatrix(cells: MatrixCell[]): string {
  const header = ["door (declared)", "killed (CLI's group only)", "then", `POSTs >${POST_GRACE_MS} ms after kill`, `providers ${LEFT_AFTER_MS / 1000} s after`, "duplicates", "orphans", "held twice", "declared not in state", "lost", "secrets", "names refused", "s"];
  const why = `POSTs counted from ${POST_GRACE_MS} ms after the kill to the path's first command: one that asked its engine just before the kill may land a moment after it (recorded as pending, recovered as any crash); ` +
    `no provider of the killed update runs by then. "held twice": in two stacks' state, or two resources' (one stack a cell).`;
  return `${markdown(header, cells.map((c) => [
    `${c.door} (${c.declared})`, c.moment, PATH_LABELS[c.afterKill],
    ...[c.postsAfterKill, c.providersLeft, c.duplicates, c.orphans, c.heldTwice, c.missing, c.lost, c.secretsFound, c.refusedNames, c.seconds].map(String),
  ]))}\n${why}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
