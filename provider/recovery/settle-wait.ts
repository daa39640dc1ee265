/**
 * How long recovery waits before it may conclude that an interrupted create made nothing. The
 * engine records a pending create in a checkpoint just before it calls the provider, so every POST
 * of the interrupted update went out at the latest just after the state's last write; Cloudflare
 * may commit a create up to the settle window after it received it (`createSettleSeconds`, which
 * create-once waits out for the same reason). Before that window has passed since the last write,
 * a create not found may only be late, and clearing it would let the next `pulumi up` duplicate it.
 */
import { CLOCK_TOLERANCE_MS } from "./recover";

/**
 * Milliseconds from `now` until `settleMs` (plus the tolerance between the two machines' clocks)
 * has passed since `lastWrite`; 0 once it has. An unknown last write counts as now.
 */
export function settleRemainingMs(lastWrite: Date | undefined, settleMs: number, now = Date.now()): number {
  const from = lastWrite && Number.isFinite(lastWrite.getTime()) ? lastWrite.getTime() : now;
  return Math.max(0, from + settleMs + CLOCK_TOLERANCE_MS - now);
}
