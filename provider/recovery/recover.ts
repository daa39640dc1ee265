/**
 * Finding, in Cloudflare, the livestream each interrupted create made, if any. The API cannot delete,
 * so a create whose livestream is not found becomes a duplicate on the next `pulumi up`, and a
 * livestream wrongly taken hands out another livestream's stream key: identification only ever takes
 * a livestream that is certain to be this create's, and fails, listing the candidates, when unsure.
 */
import { AppScope, RealtimeKitClient } from "../http/client";
import { BackendHoldings, Rival, THIS_STACK } from "./backend-holdings";
import { NotFoundError, RealtimeKitError } from "../http/errors";
import { PendingCreate } from "./pending-creates";
import { LivestreamFacts, LivestreamSummary } from "../types";
import type { MachineNews } from "./claimed-names";
import { running, settlesAt } from "../names/name-lock";

/**
 * The difference allowed between the clock of the machine that ran the update and this one's: the
 * offset between this machine's clock and Cloudflare's is measured (see server-clock.ts).
 */
export const CLOCK_TOLERANCE_MS = 1000;

/** A livestream of a create's name in its window that a stack of the backend holds (or MADE_HERE): never taken. */
export type Held = LivestreamSummary & { stack: string };

/** The holder of a livestream another create of this machine made: its stack's state may not hold it yet. */
export const MADE_HERE = "another create of this machine";

/**
 * "created": `facts` is the create's livestream, found in its window (`createdAt`, Cloudflare's
 * time, and `start`, the window's) or chosen. "not-created": none in its window that no stack holds
 * (`held`: those that one does).
 */
export type Identified =
  | { urn: string; name: string; outcome: "created"; facts: LivestreamFacts; found?: { createdAt: string; start: Date } }
  | { urn: string; name: string; outcome: "not-created"; held?: Held[] };

/** Which livestream to take for a URN, as the user chose with `--adopt <urn>=<id>` after a conflict; NONE for none. */
export type Choices = Map<string, string>;
export const NONE = "none";

/** Some pending creates cannot be told apart from other livestreams; nothing may be written. */
export class RecoveryConflictError extends RealtimeKitError {}

/** The client that looks for a create's livestream: where its provider (the stack's, or an explicit one) points. */
export type ClientFor = (create: PendingCreate) => RealtimeKitClient;

/** When each create's window starts, in this machine's clock: it made nothing before. */
export type SinceOf = (create: PendingCreate) => Date;

/**
 * For each pending create: the livestream of its name created in its scope since its window start
 * (less the clock tolerance) that no stack of the backend holds, or "not-created" when there is none.
 * Throws a RecoveryConflictError naming every create with more than one candidate, or whose
 * candidate another pending create (through any provider, of this stack or another) could have
 * made, or for which the user chose a livestream a stack holds. `machine`: what this machine's name
 * locks say (see claimed-names.ts): a livestream another create here made is never taken, and a
 * create here whose outcome nobody learned is one more that could have made a candidate.
 */
export async function identify(
  clientFor: ClientFor, creates: PendingCreate[], sinceOf: SinceOf, holdings: BackendHoldings, choices: Choices = new Map(), machine: MachineNews = () => undefined,
): Promise<Identified[]> {
  const chosenFor = (create: PendingCreate) => choices.get(create.urn) ?? create.inputs.adoptLivestreamId;
  const recent = recentLister(clientFor, creates.filter((c) => !chosenFor(c)), sinceOf);
  const conflicts: string[] = [];
  const results: Identified[] = [];
  for (const create of creates) {
    const { accountId, appId } = create.inputs;
    const scope = { accountId, appId };
    // An input given as a secret is ciphertext in the exported state: recovery does not read it.
    const hidden = (["name", "accountId", "appId"] as const).filter((field) => create.inputs[field] !== undefined && typeof create.inputs[field] !== "string");
    const name = hidden.includes("name") ? "[secret]" : (create.inputs.name ?? "");
    const chosen = chosenFor(create);
    if (chosen === NONE) {
      results.push({ urn: create.urn, name, outcome: "not-created" });
      continue;
    }
    // Without its name or scope a create's livestream cannot be looked for, and one not found would be created again.
    if (hidden.some((field) => field !== "name") || (hidden.length > 0 && !chosen)) {
      conflicts.push(`${create.urn}: its ${hidden.join(" and ")} ${hidden.length > 1 ? "are secrets" : "is a secret"} in state, which recovery does not read, so its livestream cannot be looked for`);
      continue;
    }
    const client = clientFor(create);
    // A livestream a stack holds is that stack's, whoever picked it: the program's `adoptLivestreamId` alone may share one.
    const holder = choices.has(create.urn) ? holdings.holderOf(chosen!) : undefined;
    if (holder) {
      conflicts.push(`${create.urn}: livestream ${chosen} is held by ${holder === THIS_STACK ? "another resource of this stack" : `stack ${holder}`}: a livestream is one resource's, or two hand out one stream key`);
      continue;
    }
    if (chosen) {
      // An adopting create never posts; a chosen id was picked by the user from our conflict list.
      results.push({ urn: create.urn, name, outcome: "created", facts: await read(client, scope, chosen) });
      continue;
    }
    const { start, clockKnown, listed } = await recent(create);
    // Listed without a name and unreadable by id: it may be this create's, so nothing may be taken blindly.
    const named = listed.filter((l) => l.name === name || l.name === undefined);
    const news = machine(create);
    const held = named.flatMap((l): Held[] => {
      const stack = holdings.holderOf(l.livestreamId) ?? (madeByAnother(news, create, l.livestreamId, sinceOf) ? MADE_HERE : undefined);
      return stack ? [{ ...l, stack }] : [];
    });
    const candidates = named.filter((l) => !held.some((h) => h.livestreamId === l.livestreamId));
    const sameName = (c: PendingCreate) => c !== create && c.inputs.name === name && c.inputs.appId === appId && c.inputs.accountId === accountId;
    const others = holdings.rivalsOf(create);
    // A mark left long before the window (a kill weeks ago) cannot have made anything in it.
    const marked = news?.inFlight && settlesAt(news.inFlight) + CLOCK_TOLERANCE_MS >= sinceOf(create).getTime() ? news.inFlight : undefined;
    const unknown = marked && isAnothers(marked, create, sinceOf) ? [`process ${marked.pid} of this machine, whose create's outcome nobody learned`] : [];
    const rivals = [...creates.filter(sameName).map(() => THIS_STACK), ...others.map(describeRival), ...unknown];
    // A candidate whose creation time Cloudflare did not say may be older than the update: unsure too.
    const undated = !clockKnown || candidates.some((c) => c.createdAt === undefined || c.name === undefined);
    if (candidates.length > 1 || (candidates.length === 1 && (rivals.length > 0 || undated))) {
      conflicts.push(describeConflict(create.urn, name, candidates, start, rivals, others.some((r) => r.hidden.length > 0)));
    } else if (candidates.length === 1) {
      const [{ livestreamId, createdAt }] = candidates;
      results.push({ urn: create.urn, name, outcome: "created", facts: await read(client, scope, livestreamId), found: { createdAt: createdAt!, start } });
    } else {
      results.push({ urn: create.urn, name, outcome: "not-created", ...(held.length > 0 ? { held } : {}) });
    }
  }
  // One livestream is one resource's: a choice or a lookup that gave one id to two creates is refused.
  const taken = new Map<string, string>();
  for (const r of results) {
    if (r.outcome !== "created") continue;
    const other = taken.get(r.facts.livestreamId);
    if (other) conflicts.push(`${r.urn}: livestream ${r.facts.livestreamId} would be ${other}'s too`);
    taken.set(r.facts.livestreamId, r.urn);
  }
  if (conflicts.length > 0) {
    throw new RecoveryConflictError(
      `${conflicts.join("\n")}\nNothing was written to state. For each, pick the livestream this stack's create made ` +
        `(never one another stack uses) and run again with '--adopt <urn>=<id>' (or '--adopt <urn>=none' if it made none of them)`,
    );
  }
  return results;
}

/**
 * For creates that an update after the crash made again (their URN's livestream in state is the
 * new one): the livestreams of their name created since their window start that no stack of the
 * backend holds. Those are what the interrupted creates made, now duplicates the API cannot delete.
 */
export async function orphansOf(clientFor: ClientFor, creates: PendingCreate[], sinceOf: SinceOf, holdings: BackendHoldings, machine: MachineNews = () => undefined): Promise<Map<string, LivestreamSummary[]>> {
  const recent = recentLister(clientFor, creates, sinceOf);
  const orphans = new Map<string, LivestreamSummary[]>();
  for (const create of creates) {
    const unheld = (l: LivestreamSummary) => !holdings.holderOf(l.livestreamId) && !madeByAnother(machine(create), create, l.livestreamId, sinceOf);
    orphans.set(create.urn, (await recent(create)).listed.filter((l) => l.name === create.inputs.name && unheld(l)));
  }
  return orphans;
}

/**
 * Whether a create this machine's lock records (a mark, or what it made) is another than `create`. A pending create's
 * stamp says so. A create known only from the program (its pending create cleared) carries no stamp of the update that
 * was interrupted: then it is another's while its process runs (its engine may still save it to its stack) or when it
 * began before the window, which the interrupted update began after.
 */
function isAnothers(recorded: { createStartedAt?: string; pid?: number }, create: PendingCreate, sinceOf: SinceOf): boolean {
  const stamp = create.inputs.createStartedAt;
  if (stamp !== undefined) return recorded.createStartedAt !== stamp;
  const began = recorded.createStartedAt === undefined ? NaN : Date.parse(recorded.createStartedAt);
  return (recorded.pid !== undefined && running(recorded.pid)) || began < sinceOf(create).getTime();
}

/** Whether another create of this machine, one that finished, made livestream `id` (see name-lock.ts). */
function madeByAnother(news: ReturnType<MachineNews>, create: PendingCreate, id: string, sinceOf: SinceOf): boolean {
  return news?.madeHere.some((m) => m.livestreamId === id && isAnothers(m, create, sinceOf)) ?? false;
}

/** What Cloudflare shows in one create's window. */
interface Recent {
  /** Where the window starts, in Cloudflare's time. */
  start: Date;
  /** Without a `Date` header from Cloudflare the clocks may be minutes apart: look wide, and take nothing unasked. */
  clockKnown: boolean;
  /** Livestreams created since `start`, whoever holds them. */
  listed: LivestreamSummary[];
}

/**
 * Each create's window, its app listed once per client from the earliest start among the creates
 * that share it. A create's start is in our clock, `created_at` in Cloudflare's: the offset comes
 * from one short answer per client.
 */
function recentLister(clientFor: ClientFor, creates: PendingCreate[], sinceOf: SinceOf): (create: PendingCreate) => Promise<Recent> {
  const clocks = new Map<RealtimeKitClient, Promise<boolean>>();
  const lists = new Map<RealtimeKitClient, Map<string, Promise<LivestreamSummary[]>>>();
  const scopeOf = ({ inputs: { accountId, appId } }: PendingCreate): AppScope => ({ accountId, appId });
  const keyOf = (create: PendingCreate) => `${create.inputs.accountId}/${create.inputs.appId}`;
  return async (create) => {
    const client = clientFor(create);
    if (!clocks.has(client)) clocks.set(client, client.learnClock(scopeOf(create)).then(() => client.clock.offset() !== undefined));
    const clockKnown = await clocks.get(client)!;
    const startOf = (c: PendingCreate) => client.clock.earliest(sinceOf(c).getTime()) - CLOCK_TOLERANCE_MS;
    const ofClient = lists.get(client) ?? lists.set(client, new Map()).get(client)!;
    if (!ofClient.has(keyOf(create))) {
      const sharing = creates.filter((c) => keyOf(c) === keyOf(create) && clientFor(c) === client);
      const earliest = Math.min(...[create, ...sharing].map(startOf));
      ofClient.set(keyOf(create), createdSince(client, scopeOf(create), new Date(earliest)));
    }
    const start = startOf(create);
    // One whose creation time Cloudflare did not give is kept: it may be this create's (and counts as undated).
    const listed = (await ofClient.get(keyOf(create))!).filter((l) => l.createdAt === undefined || Date.parse(l.createdAt) >= start);
    return { start: new Date(start), clockKnown, listed };
  };
}

/** Livestreams of one app created since `start`; unnamed list items are read for their name. */
async function createdSince(client: RealtimeKitClient, scope: AppScope, start: Date): Promise<LivestreamSummary[]> {
  // One whose creation time Cloudflare did not give is kept: it may be this update's (and counts as undated).
  const fresh = (l: LivestreamSummary) => l.createdAt === undefined || Date.parse(l.createdAt) >= start.getTime();
  return client.listAllNamed(scope, { start_time: start.toISOString(), sort_order: "ASC", exclude_meetings: true }, fresh);
}

async function read(client: RealtimeKitClient, scope: AppScope, id: string): Promise<LivestreamFacts> {
  const facts = await client.getLivestream(scope, id);
  if (!facts) throw new NotFoundError(`Livestream ${id} does not exist in app ${scope.appId} of account ${scope.accountId}`);
  return facts;
}

/** Another stack's rival create, and what of it is a secret (so it only may share the name). */
function describeRival({ stack, hidden }: Rival): string {
  if (hidden.length === 0) return `stack ${stack}`;
  return `stack ${stack}, whose ${hidden.join(" and ")} ${hidden.length > 1 ? "are secrets" : "is a secret"} in its state`;
}

/** `rivals`: who else has an interrupted create of the name (THIS_STACK, or `stack <name>`); `unread`: one of them only may have it. */
function describeConflict(urn: string, name: string, candidates: LivestreamSummary[], start: Date, rivals: string[], unread: boolean): string {
  const list = candidates.map((c) => `${c.livestreamId} (created ${c.createdAt ?? "at a time Cloudflare did not say"})`).join(", ");
  if (candidates.length > 1) return `${urn}: ${candidates.length} livestreams named '${name}' were created since ${start.toISOString()} and no stack of the backend holds them: ${list}`;
  if (rivals.length > 0) return `${urn}: another interrupted create (of ${[...new Set(rivals)].join("; ")}) ${unread ? "may have" : "has"} the name '${name}' too; the livestream found, ${list}, could be either's`;
  return `${urn}: the livestream found, ${list}, cannot be told apart: Cloudflare did not say when it was made or what it is named (or sends no Date header), so it may be older than the interrupted update`;
}
