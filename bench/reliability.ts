/**
 * `npm run reliability`: creates many livestreams through the real Pulumi engine while the emulator
 * injects faults of every kind, then compares Cloudflare (the emulator) with the state. The goal is
 * 0 duplicates, 0 orphans, 0 lost and 0 secrets in plain text. Then `pulumi up` of 20 is SIGKILLed
 * at each point of crash-recovery.ts and recovered as docs/crash-recovery.md says, with the same goal; only its
 * CLI's process group is killed at each moment of engine-gone.ts, after which no provider posts or runs; and two
 * stacks create the same names while each first create fails without knowing what it made (shared-names.ts); and
 * issue 24's matrix (kill-matrix.ts), printed as its own table: the CLI's group only killed at each moment, through each
 * door, then each path after it; and the two gaps review found in recovery's wait and write (a create sent again late,
 * an `up` during recovery's wait: crash-recovery.ts). `npm run reliability -- matrix` runs the matrix alone.
 * `tests/e2e/reliability.test.ts`, `tests/e2e/crash-recovery.test.ts`, `tests/e2e/engine-gone.test.ts`,
 * `tests/e2e/kill-matrix.test.ts` and `tests/e2e/name-per-app.test.ts` run these in `npm test`.
 */
import { DEFAULT_EMULATOR_TOKEN, FaultSpec, startEmulator, DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID } from "../emulator";
import { PulumiStack } from "../scripts/pulumi-stack";
import { identityRows, IdentityReport, runIdentity } from "./identity";
import { controlPlane } from "./control-plane";
import {
  AFTER_KILL, AfterKill, CrashReport, FollowReport, KILL_POINTS, KillPoint, runCrashRecovery, runLateResendRecovery, runTwoStackRecovery, runUpDuringRecoveryWait,
  TwoStackRecoveryReport,
} from "./crash-recovery";
import { DOORS, ENGINE_KILL_MOMENTS, EngineGoneReport, runEngineGone } from "./engine-gone";
import { runSharedNames, SharedNamesReport } from "./shared-names";
import { formatMatrix, MATRIX_MOMENTS, matrixDamage, MatrixCell, runMatrixCell } from "./kill-matrix";

/** How each path a user takes after a crash without the documented recovery shows in a row. */
const AFTER_KILL_LABELS: Record<Exclude<AfterKill, "readme">, string> = {
  "cancel-up": "cancel + up (then recovered as told)",
  "clear-pending-up": "refresh --clear-pending-creates + up (then recovered as told)",
};
/** The points a path without the documented recovery is tried at: before any create, and with creates held by Cloudflare. */
const WRONG_PATH_POINTS: KillPoint[] = ["before-creates", "creates-in-flight", "committed-unanswered"];

export interface ReliabilityOptions {
  count: number;
  parallel: number;
  /** Milliseconds between two injected faults while an update runs (at most two wait at a time). */
  faultEveryMs: number;
  /** The provider's settle window in seconds (its default when unset); it must outlast the 3 s delay fault. */
  createSettleSeconds?: number;
  log?: (line: string) => void;
}

export interface ReliabilityReport {
  /** Livestreams in state at the end: the run converged when this equals the count declared. */
  inState: number;
  createsAttempted: number;
  faultsInjected: Record<string, number>;
  retries: number;
  updatesRun: number;
  duplicates: number;
  orphans: number;
  lost: number;
  secretsFound: number;
}


/** Every fault kind, on creates mostly, and on the reads that recovery and refresh use. */
const FAULTS: FaultSpec[] = [
  { operation: "create_livestream", kind: "status", status: 429, retryAfter: 1 },
  { operation: "create_livestream", kind: "status", status: 500 },
  { operation: "create_livestream", kind: "status", status: 502 },
  { operation: "create_livestream", kind: "status", status: 503 },
  { operation: "create_livestream", kind: "status", status: 504 },
  { operation: "create_livestream", kind: "delay", ms: 3000 },
  { operation: "create_livestream", kind: "reset-before" },
  { operation: "create_livestream", kind: "reset-after" },
  { operation: "create_livestream", kind: "malformed-json" },
  { operation: "create_livestream", kind: "html" },
  { operation: "create_livestream", kind: "success-false" },
  { operation: "create_livestream", kind: "truncated" },
  { operation: "fetch_all_livestreams", kind: "status", status: 503 },
  { operation: "fetch_all_livestreams", kind: "reset-before" },
  { operation: "get-v2-livestream-session-livestream-id", kind: "status", status: 502 },
];
const MAX_UPDATES = 6;
const CRASH_COUNT = 20;
const SHARED_NAMES = 10;

export async function runReliability(options: ReliabilityOptions): Promise<ReliabilityReport> {
  const log = options.log ?? (() => undefined);
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  const stack = await PulumiStack.create("bench/fleet");
  try {
    await stack.setAll({ plaintext: {
      count: String(options.count), prefix: "rel", "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID,
      "realtimekit:baseUrl": emulator.baseUrl, "realtimekit:timeoutSeconds": "2", "realtimekit:maxRetries": "3",
      ...(options.createSettleSeconds ? { "realtimekit:createSettleSeconds": String(options.createSettleSeconds) } : {}),
    }, secret: { "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN } });

    let updatesRun = 0;
    let next = 0;
    for (let converged = false; !converged && updatesRun < MAX_UPDATES; ) {
      updatesRun++;
      // One new fault per tick while fewer than two wait: a steady mix, not a pile-up that fails everything.
      const injector = setInterval(async () => {
        const { pending } = (await control("GET", "/faults")) as { pending: unknown[] };
        if (pending.length < 2) await control("POST", "/faults", FAULTS[next++ % FAULTS.length]);
      }, options.faultEveryMs);
      // --continue-on-error: one failed create must not stop the others from being attempted.
      const args = ["up", "--yes", "--skip-preview", "--continue-on-error", "--parallel", String(options.parallel)];
      const result = await stack.run(args, { allowFailure: true });
      clearInterval(injector);
      await control("DELETE", "/faults");
      converged = result.code === 0 && (await stack.resources()).length === options.count;
      log(`update ${updatesRun}: exit ${result.code}, ${(await stack.resources()).length}/${options.count} livestreams in state`);
    }

    const records = (await control("GET", "/livestreams")) as { id: string; name: string; stream_key: string }[];
    const requests = (await control("GET", "/requests")) as { operation: string | null }[];
    const faults = (await control("GET", "/faults")) as { fired: Record<string, number> };
    const stateIds = new Set((await stack.resources()).map((r) => r.id));
    const cloudIds = new Set(records.map((r) => r.id));
    const names = records.map((r) => r.name);
    const state = await stack.exportState();
    const outputs = JSON.stringify(await stack.outputs());
    const printed = stack.printed();
    return {
      inState: stateIds.size,
      createsAttempted: requests.filter((r) => r.operation === "create_livestream").length,
      faultsInjected: faults.fired,
      retries: (printed.match(/retry \d+ of \d+|wait \d+ in \d+ ms|trying again|sending the create once more/g) ?? []).length,
      updatesRun,
      duplicates: names.length - new Set(names).size,
      orphans: [...cloudIds].filter((id) => !stateIds.has(id)).length,
      lost: [...stateIds].filter((id) => !cloudIds.has(id!)).length,
      secretsFound: [DEFAULT_EMULATOR_TOKEN, ...records.map((r) => r.stream_key)].filter((secret) => [state, outputs, printed].some((text) => text.includes(secret))).length,
    };
  } finally {
    stack.dispose();
    await emulator.close();
  }
}

/** The rows of the runs where only the CLI's process group was killed (bench/engine-gone.ts): each must be 0. */
export function engineGoneRows(runs: EngineGoneReport[]): [string, number][] {
  return runs.flatMap((r): [string, number][] => {
    const run = `SIGKILL of the CLI's group only, ${r.door}, ${r.moment}`;
    return [
      [`${run}: POSTs later than half a second after the kill`, r.postsAfterKill],
      [`${run}: requests later than a second after it`, r.lateRequests],
      [`${run}: provider processes 5 s after it`, r.providersLeft],
    ];
  });
}

/** The two-stack recovery run's label in the table (see runTwoStackRecovery). */
const TWO_STACKS = "two stacks of one backend, one set of names (a killed in its settle wait, b created them), a recovered";

/** The runs beside the main one whose rows the report adds. */
export interface ReportRuns {
  crashes?: CrashReport[];
  identity?: IdentityReport;
  engineGone?: EngineGoneReport[];
  shared?: SharedNamesReport;
  twoStacks?: TwoStackRecoveryReport;
  /** The runs of the two gaps review found in recovery's wait and write (see REVIEW_GAPS). */
  reviewGaps?: ReviewGapRun[];
}

/** One run of a gap review found in recovery (bench/crash-recovery.ts): its label, the livestreams it declares, its report. */
interface ReviewGapRun {
  label: string;
  declared: number;
  report: FollowReport;
}

const REVIEW_GAPS: { label: string; declared: number; run: () => Promise<FollowReport> }[] = [
  { label: "create sent again late (429, Retry-After 22 s) and killed, recovered", declared: 3, run: () => runLateResendRecovery("typescript", 3, console.log) },
  { label: "up during recovery's wait, recovered (run again as told)", declared: 2, run: () => runUpDuringRecoveryWait(console.log) },
];

/** The report as one table, with the rows of each run beside it. */
export function formatReport(report: ReliabilityReport, count: number, { crashes = [], identity, engineGone = [], shared, twoStacks, reviewGaps = [] }: ReportRuns = {}): string {
  const rows: [string, string | number][] = [
    ["livestreams declared", count],
    ["livestreams in state at the end", report.inState],
    ["creates attempted (POSTs)", report.createsAttempted],
    ...Object.entries(report.faultsInjected).map(([kind, n]): [string, number] => [`faults injected: ${kind}`, n]),
    ["retries and recoveries (logged)", report.retries],
    ["pulumi up runs", report.updatesRun],
    ["duplicates", report.duplicates],
    ["orphans (in Cloudflare, not in state)", report.orphans],
    ["lost (in state, not in Cloudflare)", report.lost],
    ["secrets found in state, outputs or logs", report.secretsFound],
    ...crashes.flatMap((c): [string, number][] => {
      const run = `SIGKILL ${c.point}${c.recoveredAtOnce ? ", recovered at once" : ""}${c.afterKill === "readme" ? "" : `, then ${AFTER_KILL_LABELS[c.afterKill]}`}`;
      const refusals: [string, number][] = c.afterKill === "readme" ? [] : [
        [`${run}: names its up refused, saying why (it stops at the first)`, c.refusedNames],
        [`${run}: POSTs for names Cloudflare held`, c.postsForHeldNames],
      ];
      return [
        ...refusals,
        [`${run}: empty sidecars removed first (the docs' step for "EOF")`, c.sidecarsRemoved],
        [`${run}: older namesakes seeded`, c.olderSeeded],
        [`${run}, recovered: livestreams in state`, c.inState],
        [`${run}, recovered: declared livestreams left in no state`, CRASH_COUNT - c.inState],
        [`${run}, recovered: duplicates`, c.duplicates],
        [`${run}, recovered: orphans`, c.orphans],
        [`${run}, recovered: older namesakes taken`, c.olderTaken],
        [`${run}, recovered: secrets in plain text`, c.secretsFound],
      ];
    }),
    ...engineGoneRows(engineGone),
    ...(identity ? identityRows(identity) : []),
    ...(shared ? sharedNamesRows(shared) : []),
    ...(twoStacks ? twoStackRows(twoStacks) : []),
    ...reviewGapRows(reviewGaps),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

/** Two stacks, one app, the same names, each first create unanswered and unreadable: the last row must be 0. */
function sharedNamesRows(shared: SharedNamesReport): [string, number][] {
  const run = `2 stacks, ${shared.names} same names, first creates unread (500s)`;
  return [
    [`${run}: POSTs`, shared.posts],
    [`${run}: names refused as held`, shared.refused],
    [`${run}: duplicates`, shared.duplicates],
  ];
}

function twoStackRows(twoStacks: TwoStackRecoveryReport): [string, number][] {
  return [
    [`${TWO_STACKS}: livestreams in two stacks' state`, twoStacks.inBothStates],
    [`${TWO_STACKS}: declared livestreams left in no state`, twoStacks.inNoState],
    [`${TWO_STACKS}: duplicates`, twoStacks.duplicates],
    [`${TWO_STACKS}: names a's up then refused, saying why (it stops at the first)`, twoStacks.refusedNames],
  ];
}

/** Each review gap's run: every row must be 0. */
function reviewGapRows(runs: ReviewGapRun[]): [string, number][] {
  return runs.flatMap(({ label, declared, report: r }): [string, number][] => [
    [`${label}: declared livestreams left in no state`, declared - r.inState],
    [`${label}: duplicates`, r.duplicates],
    [`${label}: orphans`, r.orphans],
    [`${label}: livestreams held twice`, r.heldTwice],
  ]);
}

/** Every cell of issue 24's matrix, one after the other (each runs a real `pulumi up` and what follows). */
async function runMatrix(): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  for (const door of DOORS) for (const moment of MATRIX_MOMENTS) for (const afterKill of AFTER_KILL) cells.push(await runMatrixCell(door, moment, afterKill, console.log));
  return cells;
}

if (require.main === module && process.argv[2] === "matrix") {
  (async () => {
    const matrix = await runMatrix();
    console.log(`\n${formatMatrix(matrix)}`);
    process.exit(matrix.every((c) => matrixDamage(c) === 0) ? 0 : 1);
  })();
} else if (require.main === module) {
  const count = Number(process.argv[2] ?? 200);
  (async () => {
    const report = await runReliability({ count, parallel: 10, faultEveryMs: 150, log: console.log });
    // A crash of `pulumi up` of 20 at each kill point, each with an older livestream of every name in the way.
    const crashes: CrashReport[] = [];
    for (const point of KILL_POINTS) crashes.push(await runCrashRecovery(point, { count: CRASH_COUNT, olderNamesakes: true, log: console.log }));
    // The steps of docs/crash-recovery.md run right after the kill, while Cloudflare still commits: recovery waits out the settle window.
    crashes.push(await runCrashRecovery("creates-in-flight", { count: CRASH_COUNT, olderNamesakes: true, recoverAtOnce: true, log: console.log }));
    // The paths a user takes without the documented recovery: refused for every name Cloudflare holds, nothing posted for them.
    for (const afterKill of ["cancel-up", "clear-pending-up"] as const) {
      for (const point of WRONG_PATH_POINTS) crashes.push(await runCrashRecovery(point, { count: CRASH_COUNT, olderNamesakes: true, afterKill, log: console.log }));
    }
    // Only the CLI's process group killed: no provider posts, or runs, after its engine is gone.
    const engineGone: EngineGoneReport[] = [];
    for (const door of DOORS) for (const moment of ENGINE_KILL_MOMENTS) engineGone.push(await runEngineGone(door, moment, { count: CRASH_COUNT, log: console.log }));
    const identity = await runIdentity(Number(process.argv[3] ?? 20), console.log);
    const shared = await runSharedNames(SHARED_NAMES, console.log);
    const twoStacks = await runTwoStackRecovery();
    const reviewGaps: ReviewGapRun[] = [];
    for (const { label, declared, run } of REVIEW_GAPS) reviewGaps.push({ label, declared, report: await run() });
    const matrix = await runMatrix();
    console.log(`\n${formatReport(report, count, { crashes, identity, engineGone, shared, twoStacks, reviewGaps })}\n\n${formatMatrix(matrix)}`);
    const crashDamage = crashes.reduce((n, c) => n + c.duplicates + c.orphans + c.lost + c.olderTaken + c.secretsFound + c.postsForHeldNames + (CRASH_COUNT - c.inState), 0);
    const wrong = identityRows(identity).slice(1).reduce((sum, [, n]) => sum + n, 0);
    const afterEngine = engineGoneRows(engineGone).reduce((sum, [, n]) => sum + n, 0);
    const twoStackDamage = twoStacks.inBothStates + twoStacks.inNoState + twoStacks.duplicates;
    const matrixTotal = matrix.reduce((sum, c) => sum + matrixDamage(c), 0);
    const gapDamage = reviewGapRows(reviewGaps).reduce((sum, [, n]) => sum + n, 0);
    const bad = report.duplicates + report.orphans + report.lost + report.secretsFound + (count - report.inState) + crashDamage + wrong + afterEngine + shared.duplicates + twoStackDamage + matrixTotal + gapDamage;
    process.exit(bad === 0 ? 0 : 1);
  })();
}
