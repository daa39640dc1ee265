import * as errors from "../../../provider/http/errors";
import { errorForStatus, problemOf } from "../../../provider/http/http-errors";

const op = "POST /accounts/a/realtime/kit/b/livestreams";
const v4 = (code: number, message: string, extra = {}) => ({ success: false, errors: [{ code, message, ...extra }], messages: [], result: null });

describe("mapping HTTP failures to error classes", () => {
  it.each([
    [400, v4(9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers"), errors.AuthenticationError, 9106],
    [400, v4(6003, "Invalid request headers", { error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }] }), errors.AuthenticationError, 6003],
    [403, v4(10000, "Authentication error"), errors.AuthenticationError, 10000],
    [404, v4(7000, "No route for that URI"), errors.NotFoundError, 7000],
    [400, v4(7003, "Could not route to /x, perhaps your object identifier is invalid?"), errors.NotFoundError, 7003],
    [404, { success: false, error: { code: 404, message: "Error: resource not found" } }, errors.NotFoundError, 404],
    [400, { success: false, error: { code: 400, message: "name must match ^[a-zA-Z0-9-_]*$" } }, errors.BadRequestError, 400],
    [429, v4(971, "Please wait and consider throttling your request speed"), errors.RateLimitError, 971],
    [503, "<html><body>502 Bad Gateway</body></html>", errors.ServerError, undefined],
    [408, "", errors.NetworkError, undefined],
  ])("HTTP %i becomes the right class with Cloudflare's code", (status, body, type, code) => {
    const error = errorForStatus(status, typeof body === "string" ? body : JSON.stringify(body), {}, op);
    expect(error).toBeInstanceOf(type);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.operation).toBe(op);
    expect(error.message).toContain(`(${op}, HTTP ${status}`);
  });

  it("quotes Cloudflare's message and its error chain", () => {
    const error = errorForStatus(400, JSON.stringify(v4(6003, "Invalid request headers", { error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }] })), {}, op);
    expect(error.message).toBe(
      "The API token was refused; check that it is valid and has the Realtime or Realtime Admin permission. " +
        `Cloudflare said: Invalid request headers: Invalid format for Authorization header (${op}, HTTP 400, code 6003)`,
    );
  });

  it.each([
    ["the token itself", (token: string) => `invalid header: ${token}`],
    ["a Bearer header echoed by a proxy", (_token: string) => "rejected Authorization: Bearer other-secret-99 for this route"],
    ["the token across the 500-character cut", (token: string) => `${"x".repeat(490)}${token}`],
  ])("never quotes %s from Cloudflare's text", (_what, said) => {
    const token = "tok_3fb6a1c0d2e94b7f";
    const error = errorForStatus(400, JSON.stringify(v4(6003, said(token))), {}, op, [token]);
    expect(error.message).not.toContain(token.slice(0, 8));
    expect(error.message).not.toContain("other-secret-99");
    expect(error.message).toContain("[redacted]");
  });

  it("reads Retry-After in seconds or as an HTTP date", () => {
    const inSeconds = errorForStatus(429, "", { "retry-after": "3" }, op) as errors.RateLimitError;
    expect(inSeconds.retryAfterMs).toBe(3000);
    const asDate = errorForStatus(429, "", { "retry-after": new Date(Date.now() + 10_000).toUTCString() }, op) as errors.RateLimitError;
    expect(asDate.retryAfterMs).toBeGreaterThan(8000);
    expect(asDate.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it("finds no problem in bodies that are not Cloudflare errors", () => {
    expect(problemOf("<html>")).toEqual({});
    expect(problemOf({ errors: "nope" })).toEqual({});
  });

  it("tells which failures may have taken effect", () => {
    expect(errors.isAmbiguous(new errors.ServerError("x"))).toBe(true);
    expect(errors.isAmbiguous(new errors.NetworkError("x"))).toBe(true);
    expect(errors.isAmbiguous(new errors.InvalidResponseError("x"))).toBe(true);
    expect(errors.isAmbiguous(new errors.RateLimitError("x", {}))).toBe(false);
    expect(errors.isAmbiguous(new errors.BadRequestError("x"))).toBe(false);
  });
});
