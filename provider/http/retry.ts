/**
 * When and how long to wait before sending a request again. Two rules:
 * - A 429 means Cloudflare did nothing, so any request, a create included, is sent again after the
 *   wait it asks for (`Retry-After`), for as long as it fits in a time budget counted from the
 *   first 429 (wall time, not a count of tries):
 *   sustained throttling then slows `pulumi up` down instead of failing it.
 * - Other failures worth another try (5xx, lost connections) are retried for reads only, a few
 *   times, with exponential backoff from 0.5 s capped at 8 s, minus up to 25 % jitter, as
 *   Cloudflare's own SDKs do. Creates are never retried blindly: see `create-once.ts`.
 */
import { ConnectError, NetworkError, RateLimitError, RealtimeKitError, ServerError } from "./errors";

export interface RetryPolicy {
  /** Retries of a read after a 5xx or a lost connection. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The total time one request may spend waiting out 429s; a wait that would pass it fails at once. */
  rateLimitBudgetMs: number;
}

/** The budget covers Cloudflare's longest block: 5 minutes once the global limit is exceeded. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000, rateLimitBudgetMs: 5 * 60_000 };

/** When a 429 carries no Retry-After: 1 s, doubling, at most 30 s. */
const RATE_LIMIT_BASE_MS = 1000;
const RATE_LIMIT_MAX_MS = 30_000;

/** 5xx and lost or refused connections are worth another try for a read; other errors will not change. */
export function isRetryable(error: unknown): error is RealtimeKitError {
  return error instanceof NetworkError || error instanceof ServerError || error instanceof ConnectError;
}

/** The wait before retry number `retry` (1-based) of a read, or undefined when it should not be retried. */
export function retryDelayMs(retry: number, error: unknown, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (retry > policy.maxRetries || !isRetryable(error)) return undefined;
  return jittered(Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs), random);
}

/**
 * The wait before sending again after 429 number `limited` (1-based), `elapsedMs` after this
 * request's first 429; undefined once the budget would be passed.
 */
export function rateLimitDelayMs(limited: number, error: RateLimitError, elapsedMs: number, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  const wait = error.retryAfterMs ?? jittered(Math.min(RATE_LIMIT_BASE_MS * 2 ** (limited - 1), RATE_LIMIT_MAX_MS), random);
  return elapsedMs + wait <= policy.rateLimitBudgetMs ? wait : undefined;
}

const jittered = (ms: number, random: () => number) => Math.round(ms * (1 - 0.25 * random()));

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
