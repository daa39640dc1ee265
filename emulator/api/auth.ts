/**
 * Authentication as Cloudflare's API gateway answers it, in the v4 envelope (shared/reference/realtimekit-api.md §3).
 * Only `Authorization: Bearer <token>` is accepted, as the spec's `api_token` security says; X-Auth-Key/X-Auth-Email
 * (the Global API key) are not emulated. No message ever repeats a token or a header value.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { gatewayError, type Reply } from "./envelope";

const BEARER = /^Bearer (\S+)$/;

/** Undefined when the header carries the accepted token; otherwise the gateway's error reply. */
export function authenticate(authorization: string | undefined, acceptedToken: string): Reply | undefined {
  if (authorization === undefined) {
    return gatewayError(400, { code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" });
  }
  const bearer = BEARER.exec(authorization);
  if (!bearer) {
    return gatewayError(400, {
      code: 6003,
      message: "Invalid request headers",
      error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
    });
  }
  if (!sameSecret(bearer[1], acceptedToken)) return gatewayError(403, { code: 10000, message: "Authentication error" });
  return undefined;
}

/** Compares digests in constant time, so response timing says nothing about how much of a token was right. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
