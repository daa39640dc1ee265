/**
 * Declarative faults: "the next N calls of operation X fail this way", queued through the control plane or the CLI
 * and counted when they fire, so a client's retry behaviour can be tested and reported on. How each kind reaches the
 * wire, and whether the operation takes effect first, is in wire.ts.
 */
import { STATUS_CODES } from "node:http";
import { gatewayError, type Reply } from "./envelope";
import { BadRequest } from "./input";
import { OPERATION_IDS, type OperationId } from "./routes";

export const FAULT_KINDS = [
  "status",
  "delay",
  "reset-before",
  "reset-after",
  "malformed-json",
  "html",
  "success-false",
  "truncated",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

interface FaultTarget {
  /** An operationId from the spec, or `*` for any operation. */
  operation: OperationId | "*";
  /** How many of the next matching calls fail; default 1. */
  count?: number;
}

/** One fault, as posted to `/__emulator/faults` or passed to `--fault`. */
export type FaultSpec = FaultTarget &
  (
    | { kind: "status"; status: number; code?: number; message?: string; retryAfter?: number | string; retryAfterMs?: number }
    | { kind: "delay"; ms: number }
    | { kind: "success-false"; code?: number; message?: string }
    | { kind: "reset-before" | "reset-after" | "malformed-json" | "html" | "truncated" }
  );

/** The fields each kind accepts besides `kind`, `operation` and `count`, so a misspelt field is an error, not a no-op. */
const EXTRA_FIELDS: Record<FaultKind, readonly string[]> = {
  status: ["status", "code", "message", "retryAfter", "retryAfterMs"],
  delay: ["ms"],
  "success-false": ["code", "message"],
  "reset-before": [],
  "reset-after": [],
  "malformed-json": [],
  html: [],
  truncated: [],
};

/** Reads `{faults: [...]}` or a single fault; throws BadRequest naming the first thing wrong. */
export function parseFaults(input: unknown): FaultSpec[] {
  const list = isObject(input) && "faults" in input ? input.faults : [input];
  check(Array.isArray(list), `"faults" must be an array.`);
  return list.map(parseFault);
}

function parseFault(input: unknown): FaultSpec {
  check(isObject(input), "a fault must be a JSON object.");
  const kind = input.kind as FaultKind;
  check(FAULT_KINDS.includes(kind), `"kind" must be one of ${FAULT_KINDS.join(", ")}.`);
  const operation = input.operation as OperationId | "*";
  check(operation === "*" || OPERATION_IDS.includes(operation), `"operation" must be "*" or one of ${OPERATION_IDS.join(", ")}.`);
  const accepted = ["kind", "operation", "count", ...EXTRA_FIELDS[kind]];
  const unknown = Object.keys(input).find((key) => !accepted.includes(key));
  check(unknown === undefined, `field "${unknown}" is not accepted for kind "${kind}".`);
  const { count, status, ms, code, message, retryAfter, retryAfterMs } = input;
  check(count === undefined || (Number.isInteger(count) && Number(count) > 0), `"count" must be a positive integer.`);
  if (kind === "status") {
    check(Number.isInteger(status) && Number(status) >= 400 && Number(status) <= 599, `"status" must be an integer from 400 to 599.`);
  }
  if (kind === "delay") check(isNonNegative(ms), `"ms" must be a number of milliseconds, 0 or more.`);
  check(code === undefined || Number.isInteger(code), `"code" must be an integer.`);
  check(message === undefined || typeof message === "string", `"message" must be a string.`);
  check(
    retryAfter === undefined || isNonNegative(retryAfter) || (typeof retryAfter === "string" && retryAfter !== ""),
    `"retryAfter" must be seconds (a number) or an HTTP date (a string).`,
  );
  check(retryAfterMs === undefined || isNonNegative(retryAfterMs), `"retryAfterMs" must be a number, 0 or more.`);
  return input as unknown as FaultSpec;
}

/**
 * The reply of a fault that replaces the operation's own. `status` and `success-false` use the v4 envelope: a 429
 * defaults to code 971 "Please wait and consider throttling your request speed" (what Cloudflare's API sends when
 * rate limited), other statuses to code 1000 and the HTTP reason phrase. `retry-after`/`retry-after-ms` are sent
 * only when asked for.
 */
export function faultReply(fault: FaultSpec & { kind: "status" | "success-false" }): Reply {
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

/** What GET /__emulator/faults shows: faults still to fire (count = calls left) and how many fired, by kind. */
export interface FaultReport {
  pending: FaultSpec[];
  fired: Record<FaultKind, number>;
}

/** The queue of pending faults; the first pending fault that matches a call fires, in the order they were added. */
export class FaultQueue {
  private pending: FaultSpec[] = [];
  private fired = zeroCounts();

  add(faults: FaultSpec[]): void {
    this.pending.push(...faults.map((fault) => ({ ...fault, count: fault.count ?? 1 })));
  }

  /** The fault for this call of `operation`, if any; it counts as fired. */
  take(operation: OperationId): FaultSpec | undefined {
    const index = this.pending.findIndex((fault) => fault.operation === "*" || fault.operation === operation);
    if (index < 0) return undefined;
    const fault = this.pending[index];
    const left = (fault.count ?? 1) - 1;
    if (left === 0) this.pending.splice(index, 1);
    else this.pending[index] = { ...fault, count: left };
    this.fired[fault.kind] += 1;
    return fault;
  }

  /** Drops pending faults; the fired counters stay (reset clears them too). */
  clear(): void {
    this.pending = [];
  }

  reset(): void {
    this.pending = [];
    this.fired = zeroCounts();
  }

  report(): FaultReport {
    return { pending: this.pending.map((fault) => ({ ...fault })), fired: { ...this.fired } };
  }
}

function zeroCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
}

function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new BadRequest(`Invalid fault: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonNegative(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
