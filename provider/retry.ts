/**
 * When and how long to wait before retrying a request that is safe to repeat (reads). Creates are
 * never retried here: see `create-once.ts`. The shape follows Cloudflare's own SDKs: exponential
 * backoff from 0.5 s, capped at 8 s, minus up to 25 % jitter, and the server's `Retry-After` obeyed
 * up to a cap.
 */
import { NetworkError, RateLimitError, RealtimeKitError, ServerError } from "./errors";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer `Retry-After` than this fails at once rather than stalling `pulumi up`. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

/** 408, 429, 5xx and lost connections are worth another try; other errors will not change. */
export function isRetryable(error: unknown): error is RealtimeKitError {
  return error instanceof NetworkError || error instanceof ServerError || error instanceof RateLimitError;
}

/** The wait before retry number `retry` (1-based), or undefined when the error should not be retried. */
export function retryDelayMs(retry: number, error: unknown, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (retry > policy.maxRetries || !isRetryable(error)) return undefined;
  if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  const backoff = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return Math.round(backoff * (1 - 0.25 * random()));
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
