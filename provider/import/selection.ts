/**
 * Which of an app's livestreams realtimekit-import takes: those the user picks, less those a stack
 * already holds or the program already declares, and never either of a name the app holds twice
 * (a duplicate the API cannot delete) unless the user names the one to take.
 */
import { LivestreamSummary } from "../types";

/** What the user picks. With `all` unset, a livestream must match every filter given. */
export interface Criteria {
  all: boolean;
  /** A glob over the livestream's name: `*` any run of characters, `?` one. A nameless livestream matches only `*`. */
  name?: string;
  /** Created at or after. */
  since?: Date;
  status?: string;
  /** Ids to take from names the app holds more than once. */
  take: ReadonlySet<string>;
}

/** What already holds a livestream, by id: this stack's state, other stacks of the backend, the program's declarations. */
export interface Holdings {
  inState: ReadonlySet<string>;
  /** Id to the stacks that hold or claim it (more than one when it is already in two). */
  otherStacks: ReadonlyMap<string, readonly string[]>;
  declared: ReadonlySet<string>;
  /** Names the program's entries give: the livestream of such a name is theirs at `up`, by name. */
  declaredNames: ReadonlySet<string>;
}

/** A name the app holds more than once, with every livestream of it, and which of them a stack holds. */
export interface Duplicate {
  name: string;
  livestreams: LivestreamSummary[];
  /** By id: THIS_STACK, or the other stacks that hold it. */
  held: Map<string, readonly string[]>;
}

/** How the report names the stack it runs for, beside the other stacks' names. */
export const THIS_STACK = "this stack";

export interface Selection {
  /** How many livestreams the pick matches, before any is left out. */
  matched: number;
  /** To take, oldest first. */
  picked: LivestreamSummary[];
  /** Of those the user picked, how many each holder already has. */
  inState: number;
  heldByOtherStacks: { livestreamId: string; stacks: readonly string[] }[];
  declared: number;
  /** The names held twice among those picked; of each, only the ids in `take` are picked. */
  duplicates: Duplicate[];
}

export function select(livestreams: LivestreamSummary[], criteria: Criteria, holdings: Holdings): Selection {
  const byName = new Map<string, LivestreamSummary[]>();
  for (const l of livestreams) if (l.name) byName.set(l.name, [...(byName.get(l.name) ?? []), l]);
  const duplicateOf = (l: LivestreamSummary) => (l.name && byName.get(l.name)!.length > 1 ? l.name : undefined);
  const wanted = livestreams.filter((l) => matches(l, criteria));
  const known = new Set(wanted.filter(duplicateOf).map((l) => l.livestreamId));
  const stray = [...criteria.take].filter((id) => !known.has(id));
  if (stray.length > 0) throw new Error(`--take ${stray.join(", ")}: not a livestream the pick reaches whose name the app holds more than once`);

  const selection: Selection = { matched: wanted.length, picked: [], inState: 0, heldByOtherStacks: [], declared: 0, duplicates: [] };
  for (const l of wanted) {
    const stacks = holdings.otherStacks.get(l.livestreamId);
    if (holdings.inState.has(l.livestreamId)) selection.inState++;
    else if (stacks !== undefined) selection.heldByOtherStacks.push({ livestreamId: l.livestreamId, stacks });
    else if (holdings.declared.has(l.livestreamId) || (l.name && holdings.declaredNames.has(l.name))) selection.declared++;
    else if (!duplicateOf(l) || criteria.take.has(l.livestreamId)) selection.picked.push(l);
  }
  const names = [...new Set(wanted.map(duplicateOf).filter((n): n is string => n !== undefined))].sort();
  selection.duplicates = names.map((name) => {
    const livestreams = byName.get(name)!;
    const holder = (id: string) => (holdings.inState.has(id) ? [THIS_STACK] : holdings.otherStacks.get(id));
    return { name, livestreams, held: new Map(livestreams.flatMap((l) => { const by = holder(l.livestreamId); return by ? [[l.livestreamId, by] as const] : []; })) };
  });
  selection.picked.sort(oldestFirst);
  return selection;
}

function matches(l: LivestreamSummary, { all, name, since, status }: Criteria): boolean {
  if (all) return true;
  if (name !== undefined && !globRegExp(name).test(l.name ?? "")) return false;
  if (since !== undefined && !(l.createdAt !== undefined && Date.parse(l.createdAt) >= since.getTime())) return false;
  return status === undefined || l.status === status;
}

/**
 * A glob as a whole-name pattern: `*` and `?` are wild, everything else literal. By code point (`u`), so that `?` is
 * one character beyond the BMP too, and with `s`, so that a wildcard also spans a newline a name may hold.
 */
export function globRegExp(glob: string): RegExp {
  const body = [...glob].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`, "su");
}

/** By creation time, then id, so that the output is the same on every run. */
function oldestFirst(a: LivestreamSummary, b: LivestreamSummary): number {
  return (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.livestreamId.localeCompare(b.livestreamId);
}
