/**
 * What a refresh's read found changed in Cloudflare, kept for the diff the engine asks right after
 * it. On refresh the engine (pkg/resource/deploy/step.go, RefreshStep) reads, then calls the
 * provider's Diff with the outputs just read as the olds and the stored inputs as the news, and
 * shows the resource as updated only when that diff reports changes. Our diff compares inputs,
 * which a read never changes (the API cannot rename), so alone it would show a livestream whose
 * status changed as unchanged. Nothing in that diff's arguments tells it from an `up`'s diff of the same
 * outputs and inputs; what does is that this process has just read the livestream and seen it
 * change. So the read records what changed, and the diff that follows it takes that record, once.
 * An `up` runs in a process that read nothing, so after a refresh it plans no change.
 */
import { isDeepStrictEqual } from "node:util";

/** Outputs as the engine holds them: `__provider` is the dynamic door's code, not a fact. */
type Outputs = object;

export class RefreshDrift {
  /** Per livestream id whose last read found a change, what that read returned. */
  private readonly reads = new Map<string, Outputs>();

  /** Records a read of `id` (the outputs stored before it, the outputs it returns); returns the outputs that changed. */
  record(id: string, stored: Outputs, props: Outputs): string[] {
    const changed = changedKeys(stored, props);
    if (changed.length > 0) this.reads.set(id, props);
    else this.reads.delete(id);
    return changed;
  }

  /**
   * Whether the read of `id` found a change and `olds` are what it returned (the refresh's diff).
   * The first diff after the read takes the record, so an `up --refresh`'s own diff, which follows
   * the refresh's in the same process, finds none.
   */
  take(id: string, olds: Outputs): boolean {
    const read = this.reads.get(id);
    this.reads.delete(id);
    return read !== undefined && changedKeys(olds, read).length === 0;
  }
}

/** The outputs that differ between `before` and `after`; an absent value and `undefined` are the same. */
function changedKeys(before: Outputs, after: Outputs): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete("__provider");
  const [was, is] = [before as Record<string, unknown>, after as Record<string, unknown>];
  return [...keys].filter((key) => !isDeepStrictEqual(was[key], is[key])).sort();
}
