/** Writing a whole reply to the socket. How faults break a reply instead is faults/respond.ts. */
import type { ServerResponse } from "node:http";
import type { Reply } from "./envelope";

/** Writes a JSON reply with an exact content-length, and returns its status. */
export function writeReply(res: ServerResponse, reply: Reply): number {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
  return reply.status;
}

/**
 * `time` as an HTTP-date (`Wed, 25 Nov 2026 09:12:28 GMT`), to the second, as Cloudflare's edge sends the `Date`
 * header. Set on the response before it is written, so every answer carries it, broken ones included; none at all
 * (not even Node's own) when `time` is undefined.
 */
export function setDateHeader(res: ServerResponse, time: Date | undefined): void {
  res.sendDate = time !== undefined;
  if (time) res.setHeader("date", time.toUTCString());
}
