/**
 * The log of API requests, so tests can assert exact request counts and retries. It records only what cannot hold a
 * secret: no header but the User-Agent (the Authorization header least of all) and never a request or response body (which hold
 * stream keys). Control-plane requests are not logged, so they never disturb the counts.
 */
import type { FaultKind } from "../faults/fault";

export interface RequestLogEntry {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  /** The spec's operationId, or null when no route matched. */
  operation: string | null;
  /** The status sent, or null when the connection was dropped without a response. */
  status: number | null;
  /** The fault that fired on this request, if one did. */
  fault: FaultKind | null;
  /** When the request arrived, ISO 8601. */
  timestamp: string;
  /** The client's User-Agent (which client and version sent it); the one header worth keeping, and never secret. */
  userAgent: string | null;
}

/** Entries kept at most (a names check of 10,000 livestreams read by id is counted whole); older ones are dropped so a long benchmark run cannot grow memory without bound. */
const MAX_LOG_ENTRIES = 50_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.shift();
  }

  list(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry, query: { ...entry.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}
