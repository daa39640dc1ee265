/**
 * What each fault kind does to the reply of one call, and whether the operation takes effect (is stored) before the
 * reply breaks: `respond` below is that table.
 */
import { STATUS_CODES, type ServerResponse } from "node:http";
import { gatewayError, type Reply } from "../api/envelope";
import { writeReply } from "../api/wire";
import type { FaultSpec } from "./fault";

/**
 * Writes the response for one call and returns the status sent (null when the connection was dropped instead).
 * `run` performs the operation; it is called only for the kinds under which the operation takes effect. `wait` sleeps
 * (and re-stamps the reply's `Date`):
 * - none: the normal reply;
 * - `delay`: wait, then the operation and its reply (a client gone meanwhile still gets its create stored);
 * - `hold`: the operation at once (a create IS stored), its reply after the wait: committed, not yet answered;
 * - `status`, `success-false`, `html`, `reset-before`: the operation does not run;
 * - `reset-after`, `malformed-json`, `truncated`: the operation runs (a create IS stored), then its response breaks.
 */
export async function respond(
  res: ServerResponse,
  fault: FaultSpec | undefined,
  run: () => Reply,
  wait: (ms: number) => Promise<void>,
): Promise<number | null> {
  switch (fault?.kind) {
    case undefined:
      return writeReply(res, run());
    case "delay":
      await wait(fault.ms);
      return writeReply(res, run());
    case "hold": {
      const reply = run();
      await wait(fault.ms);
      return writeReply(res, reply);
    }
    case "status":
    case "success-false":
      return writeReply(res, faultReply(fault));
    case "html":
      return writeBadGatewayPage(res);
    case "reset-before":
      return drop(res);
    case "reset-after":
      run();
      return drop(res);
    case "malformed-json":
      return writeMalformed(res, run());
    case "truncated":
      return writeTruncated(res, run());
  }
}

/**
 * The reply of a fault that replaces the operation's own. `status` and `success-false` use the v4 envelope: a 429
 * defaults to code 971 "Please wait and consider throttling your request speed" (what Cloudflare's API sends when
 * rate limited), other statuses to code 1000 and the HTTP reason phrase. `retry-after`/`retry-after-ms` are sent
 * only when asked for.
 */
function faultReply(fault: FaultSpec & { kind: "status" | "success-false" }): Reply {
  if (fault.kind === "success-false") {
    return gatewayError(200, { code: fault.code ?? 1000, message: fault.message ?? "Internal error" });
  }
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
  if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
  const defaults =
    fault.status === 429
      ? { code: 971, message: "Please wait and consider throttling your request speed" }
      : { code: 1000, message: STATUS_CODES[fault.status] ?? "Error" };
  return gatewayError(fault.status, { code: fault.code ?? defaults.code, message: fault.message ?? defaults.message }, headers);
}

/** Ends the connection without a response, as a network reset or a crashed proxy would. */
function drop(res: ServerResponse): null {
  res.destroy();
  return null;
}

/** The HTML page Cloudflare's edge serves when it cannot reach the origin, with status 502. */
function writeBadGatewayPage(res: ServerResponse): number {
  const page =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
  res.writeHead(502, { "content-type": "text/html", "content-length": Buffer.byteLength(page) });
  res.end(page);
  return 502;
}

/** The operation's status and a JSON content type, with a complete body that is not JSON. */
function writeMalformed(res: ServerResponse, reply: Reply): number {
  const text = '{"success":true,"data":{"id":undefined}}';
  res.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
  return reply.status;
}

/** Headers that promise the whole reply, then half of its bytes, then the connection ends. */
function writeTruncated(res: ServerResponse, reply: Reply): number {
  const bytes = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, { "content-type": "application/json", "content-length": bytes.length, ...reply.headers });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
  return reply.status;
}
