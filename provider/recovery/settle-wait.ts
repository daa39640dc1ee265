/**
 * How long recovery waits before it may conclude that an interrupted create made nothing. The
 * engine records a pending create in a checkpoint just before it calls the provider, so every POST
 * of the interrupted update went out at the latest just after the state's last write, unless the
 * provider sent one again later (after a 429's `Retry-After`, or a lost answer's settle wait): such a
 * POST's mark beside the name's lock (names/name-lock.ts) says when it last went out. Cloudflare may
 * commit a create up to the settle window after it received it (`createSettleSeconds`, which
 * create-once waits out for the same reason). Before that window has passed since the last write,
 * and since every mark's last POST, a create not found may only be late, and clearing it would let
 * the next `pulumi up` duplicate it.
 */
import { InFlight, settlesAt } from "../names/name-lock";
import { CLOCK_TOLERANCE_MS } from "./recover";

/**
 * Milliseconds from `now` until `settleMs` (plus the tolerance between the two machines' clocks)
 * has passed since `lastWrite`; 0 once it has. An unknown last write counts as now.
 */
export function settleRemainingMs(lastWrite: Date | undefined, settleMs: number, now = Date.now()): number {
  const from = lastWrite && Number.isFinite(lastWrite.getTime()) ? lastWrite.getTime() : now;
  return Math.max(0, from + settleMs + CLOCK_TOLERANCE_MS - now);
}

/**
 * Milliseconds from `now` until a marked create's last POST has settled: its own settle window or the
 * reader's (`settleMs`), whichever is longer, with the same tolerance; 0 once it has.
 */
export function markRemainingMs(inFlight: InFlight, settleMs: number, now = Date.now()): number {
  return Math.max(0, settlesAt(inFlight, settleMs) + CLOCK_TOLERANCE_MS - now);
}
