/**
 * Declarative faults: "the next N calls of operation X fail this way", as posted to the control plane or given to the
 * CLI, and how such a fault is read and checked. Which fault fires is queue.ts; how each kind reaches the wire, and
 * whether the operation takes effect first, is respond.ts.
 */
import { BadRequest } from "../api/input";
import { OPERATION_IDS, type OperationId } from "../api/routes";

export const FAULT_KINDS = [
  "status",
  "delay",
  "hold",
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
    | { kind: "delay" | "hold"; ms: number }
    | { kind: "success-false"; code?: number; message?: string }
    | { kind: "reset-before" | "reset-after" | "malformed-json" | "html" | "truncated" }
  );

/** The fields each kind accepts besides `kind`, `operation` and `count`, so a misspelt field is an error, not a no-op. */
const EXTRA_FIELDS: Record<FaultKind, readonly string[]> = {
  status: ["status", "code", "message", "retryAfter", "retryAfterMs"],
  delay: ["ms"],
  hold: ["ms"],
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
  if (kind === "delay" || kind === "hold") check(isNonNegative(ms), `"ms" must be a number of milliseconds, 0 or more.`);
  check(code === undefined || Number.isInteger(code), `"code" must be an integer.`);
  check(message === undefined || typeof message === "string", `"message" must be a string.`);
  check(
    retryAfter === undefined || isNonNegative(retryAfter) || (typeof retryAfter === "string" && retryAfter !== ""),
    `"retryAfter" must be seconds (a number) or an HTTP date (a string).`,
  );
  check(retryAfterMs === undefined || isNonNegative(retryAfterMs), `"retryAfterMs" must be a number, 0 or more.`);
  return input as unknown as FaultSpec;
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
