/** The queue of pending faults, and the counts of those that fired, so a client's retries can be reported on. */
import type { OperationId } from "../api/routes";
import { FAULT_KINDS, type FaultKind, type FaultSpec } from "./fault";

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

