import { BadRequestError, NetworkError, RateLimitError, ServerError } from "../../provider/errors";
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from "../../provider/retry";

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

  it("obeys Retry-After up to the cap, and gives up beyond it", () => {
    expect(retryDelayMs(1, new RateLimitError("x", {}, 2500), policy)).toBe(2500);
    expect(retryDelayMs(1, new RateLimitError("x", {}, 61_000), policy)).toBeUndefined();
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-25T00:00:00Z");
    expect(parseRetryAfter("1.5", now)).toBe(1500);
    expect(parseRetryAfter("Wed, 25 Nov 2026 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
