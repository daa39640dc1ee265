/**
 * How far Cloudflare's clock is from ours, learnt from the `Date` header of its answers. A create
 * that lost its answer must recognise the livestream it made by its `created_at`, which is
 * Cloudflare's time: comparing it with our clock would take older livestreams (ours fast) or miss
 * the one just made (ours slow). `Date` has whole seconds, so each answer bounds the offset to a
 * window about one second wide; several answers narrow it.
 */
export interface OffsetBounds {
  /** The smallest possible `server time - our time`, in ms. */
  low: number;
  /** The largest possible `server time - our time`, in ms. */
  high: number;
}

/** Without a `Date` from Cloudflare, how far apart the clocks are taken to be: too far to tell recent livestreams apart. */
const UNKNOWN_SKEW_MS = 5 * 60_000;

export class ServerClock {
  private bounds?: OffsetBounds;

  /**
   * One answer: sent at `sentAt`, received at `receivedAt` (our ms), stamped `date` by the server
   * somewhere in between. A header that cannot be read teaches nothing.
   */
  observe(sentAt: number, receivedAt: number, date: unknown): void {
    const stamped = typeof date === "string" ? Date.parse(date) : NaN;
    if (Number.isNaN(stamped)) return;
    // The server's time when it wrote the header is within [stamped, stamped + 1 s).
    const seen = { low: stamped - receivedAt, high: stamped + 999 - sentAt };
    const low = Math.max(seen.low, this.bounds?.low ?? -Infinity);
    const high = Math.min(seen.high, this.bounds?.high ?? Infinity);
    // Bounds that no longer overlap mean one of the clocks jumped: trust the newest answer.
    this.bounds = low <= high ? { low, high } : seen;
  }

  /** The offset's bounds, or undefined while no answer has carried a readable `Date`. */
  offset(): OffsetBounds | undefined {
    return this.bounds && { ...this.bounds };
  }

  /** The earliest Cloudflare time it can be at our time `local` (ms); minutes earlier while the offset is unknown. */
  earliest(local: number): number {
    return local + (this.bounds?.low ?? -UNKNOWN_SKEW_MS);
  }
}
