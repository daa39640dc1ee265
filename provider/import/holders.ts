/**
 * Who else holds an app's livestreams, as realtimekit-import sees them: the other stacks of the backend by their
 * states, and the stacks of this machine by the adoption register's claims (names/adoption-register.ts), which
 * also hold what an import wrote and no `up` has taken yet, in any door. A claim of this stack that its state does
 * not hold is an earlier run's output still waiting for `up`: taken again, it would be declared twice.
 */
import type { AdoptionClaim } from "../names/adoption-register";
import type { LivestreamSummary } from "../types";

export interface Holders {
  /** Id to the other stacks that hold or claim it. */
  others: Map<string, string[]>;
  /** Ids an earlier run claimed for this stack that its state does not hold. */
  ownPending: Set<string>;
}

/** `org/project/stack` as the register names it, `project/stack` (a URN's). */
export const registerName = (fullyQualified: string): string => fullyQualified.split("/").slice(-2).join("/");

/** `states`: each other stack's fully qualified name and ids; `claims` by id; `own`: this stack's fully qualified name. */
export function holders(states: { name: string; ids: Iterable<string> }[], claims: ReadonlyMap<string, AdoptionClaim>, own: string, inState: ReadonlySet<string>): Holders {
  const others = new Map<string, string[]>();
  const hold = (id: string, stack: string) => others.set(id, [...(others.get(id) ?? []), stack]);
  for (const { name, ids } of states) for (const id of ids) hold(id, name);
  const ownPending = new Set<string>();
  for (const [id, claim] of claims) {
    if (claim.stack === registerName(own)) {
      if (!inState.has(id)) ownPending.add(id);
    } else if (!(others.get(id) ?? []).some((stack) => registerName(stack) === claim.stack)) {
      hold(id, `${claim.stack} (${claim.by === "pulumi up" ? "adopted by its 'pulumi up'" : "written by its realtimekit-import"} on this machine)`);
    }
  }
  return { others, ownPending };
}

/**
 * The livestreams this stack's config already declares and its state does not hold yet: adopted by id, or named by
 * an entry (`adoptExisting` takes the one of its name). Claimed for the stack like what the command writes, so that
 * another stack's import leaves them out instead of taking one this stack's `up` will ask for.
 */
export function declaredHere(livestreams: readonly LivestreamSummary[], declared: { ids: ReadonlySet<string>; names: ReadonlySet<string> }, inState: ReadonlySet<string>): LivestreamSummary[] {
  const named = new Map<string, number>();
  for (const { name } of livestreams) if (name) named.set(name, (named.get(name) ?? 0) + 1);
  const byName = (l: LivestreamSummary) => l.name !== undefined && declared.names.has(l.name) && named.get(l.name) === 1;
  return livestreams.filter((l) => !inState.has(l.livestreamId) && (declared.ids.has(l.livestreamId) || byName(l)));
}

