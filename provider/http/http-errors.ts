/**
 * Turns what axios reports into our error classes, at the client's boundary, so no axios error
 * (which holds the request config and its Authorization header) ever travels further.
 */
import type { AxiosError } from "axios";
import * as errors from "./errors";
import { parseRetryAfter } from "./retry";

interface CloudflareProblem {
  code?: number;
  message?: string;
}

/** What Cloudflare's text may quote back that we never repeat: a `Bearer …` credential, and the given secrets. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let shown = text.replace(/(Bearer\s+)\S+/gi, "$1[redacted]");
  for (const secret of secrets) if (secret) shown = shown.split(secret).join("[redacted]");
  return shown;
}

/**
 * Cloudflare's code and message from either error shape: the v4 envelope or RealtimeKit's own.
 * The message is redacted before it is cut, so no part of a secret survives at the cut.
 */
export function problemOf(body: unknown, secrets: readonly string[] = []): CloudflareProblem {
  const parsed = typeof body === "string" ? safeJson(body) : body;
  if (typeof parsed !== "object" || parsed === null) return {};
  const record = parsed as { errors?: unknown; error?: unknown };
  const first = Array.isArray(record.errors) ? record.errors[0] : record.error;
  if (typeof first !== "object" || first === null) return {};
  const { code, message, error_chain: chain } = first as { code?: unknown; message?: unknown; error_chain?: unknown };
  const detail = Array.isArray(chain) && typeof chain[0]?.message === "string" ? `: ${chain[0].message}` : "";
  return {
    code: typeof code === "number" ? code : undefined,
    message: typeof message === "string" ? redact(`${message}${detail}`, secrets).slice(0, 500) : undefined,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const AUTH_CODES = new Set([9106, 6003, 6111, 6100, 6101, 6102, 6103, 10000, 10001]);
const ROUTE_CODES = new Set([7000, 7003]);

/** An error for an HTTP answer with a failure status; `secrets` (the token) are never quoted from its body. */
export function errorForStatus(status: number, body: unknown, headers: Record<string, unknown>, operation: string, secrets: readonly string[] = []): errors.RealtimeKitError {
  const { code, message } = problemOf(body, secrets);
  const facts = { operation, status, code };
  const said = message ? `Cloudflare said: ${message}` : "Cloudflare gave no reason";
  if (status === 401 || status === 403 || (code !== undefined && AUTH_CODES.has(code))) {
    return new errors.AuthenticationError(`The API token was refused; check that it is valid and has the Realtime or Realtime Admin permission. ${said}`, facts);
  }
  if (status === 404 || (code !== undefined && ROUTE_CODES.has(code))) return new errors.NotFoundError(`Not found. ${said}`, facts);
  if (status === 429) {
    // Cloudflare's SDKs read `retry-after-ms` first, then `retry-after`.
    const ms = Number(headers["retry-after-ms"]);
    const wait = typeof headers["retry-after-ms"] === "string" && Number.isFinite(ms) && ms >= 0 ? ms : parseRetryAfter(headers["retry-after"]);
    return new errors.RateLimitError(`Rate limited by Cloudflare. ${said}`, facts, wait);
  }
  if (status === 408) return new errors.NetworkError(`The request timed out at Cloudflare. ${said}`, facts);
  if (status >= 500) return new errors.ServerError(`Cloudflare failed to answer. ${said}`, facts);
  return new errors.BadRequestError(`The request was rejected. ${said}`, facts);
}

/** Codes of a connection never made: nothing reached the server. */
const NOT_CONNECTED = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"]);

/** An error for a request that got no usable answer (not connected, timeout, reset, too large); `host` is the base URL's. */
export function errorForTransport(error: AxiosError, operation: string, timeoutMs: number, host: string): errors.RealtimeKitError {
  if (error.code && NOT_CONNECTED.has(error.code)) {
    return new errors.ConnectError(
      `Could not connect to ${host} (${error.code}), so nothing was sent: check the base URL (config 'realtimekit:baseUrl' or CLOUDFLARE_BASE_URL) and the network`,
      { operation },
    );
  }
  if (error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") {
    return new errors.NetworkError(`No answer from Cloudflare within ${timeoutMs / 1000} s`, { operation });
  }
  if (error.code === "ERR_BAD_RESPONSE" || /maxContentLength/.test(error.message)) {
    return new errors.InvalidResponseError(`Cloudflare's answer was too large or unreadable`, { operation });
  }
  const cause = error.code ?? "connection failed";
  return new errors.NetworkError(`The connection to Cloudflare failed (${cause})`, { operation });
}
