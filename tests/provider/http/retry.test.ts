import { BadRequestError, NetworkError, RateLimitError, ServerError } from "../../../provider/http/errors";
import { DEFAULT_RETRY_POLICY, parseRetryAfter, rateLimitDelayMs, retryDelayMs } from "../../../provider/http/retry";

const policy = DEFAULT_RETRY_POLICY;

describe("retry delays", () => {
  it("backs off exponentially from 0.5 s, capped at 8 s, minus up to 25 % jitter", () => {
    const noJitter = () => 0;
    const fullJitter = () => 1;
    const long = { ...policy, maxRetries: 10 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, new ServerError("x"), long, noJitter))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelayMs(1, new NetworkError("x"), long, fullJitter)).toBe(375);
  });

  it("stops after maxRetries and never retries errors that will not change", () => {
    expect(retryDelayMs(policy.maxRetries + 1, new ServerError("x"), policy)).toBeUndefined();
    expect(retryDelayMs(1, new BadRequestError("x"), policy)).toBeUndefined();
    expect(retryDelayMs(1, new Error("x"), policy)).toBeUndefined();
  });

  it("leaves 429s to the rate-limit rule", () => {
    expect(retryDelayMs(1, new RateLimitError("x", {}, 0), policy)).toBeUndefined();
  });

  it("waits out 429s as Retry-After asks while the waits fit the budget, whatever their number", () => {
    const budget = { ...policy, rateLimitBudgetMs: 10_000 };
    expect(rateLimitDelayMs(7, new RateLimitError("x", {}, 2500), 7000, budget)).toBe(2500);
    expect(rateLimitDelayMs(1, new RateLimitError("x", {}, 2500), 7501, budget)).toBeUndefined();
    expect(rateLimitDelayMs(1, new RateLimitError("x", {}, 10_001), 0, budget)).toBeUndefined();
    expect(DEFAULT_RETRY_POLICY.rateLimitBudgetMs).toBe(300_000);
  });

  it("backs off from 1 s to at most 30 s when a 429 says nothing of when", () => {
    const noJitter = () => 0;
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => rateLimitDelayMs(n, new RateLimitError("x", {}), 0, policy, noJitter));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-25T00:00:00Z");
    expect(parseRetryAfter("1.5", now)).toBe(1500);
    expect(parseRetryAfter("Wed, 25 Nov 2026 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
