/**
 * Creating a livestream exactly once, and taking only what this create made. The API cannot delete,
 * so a POST sent again after a lost answer could leave a duplicate nobody can remove, and a
 * livestream taken by mistake hands out someone else's stream key.
 *
 * After an ambiguous failure (timeout, reset, 5xx, unreadable answer) we look for a livestream of
 * this name that Cloudflare created since this attempt began, in Cloudflare's own time (see
 * server-clock.ts), so an older one of the same name (an earlier replace, another stack) is never
 * taken. Exactly one is taken; several, or one that cannot be told apart, fail with the candidates
 * listed and nothing posted again. Only when none has appeared for `settleMs` (a server may still be
 * committing a create its client gave up on) is the POST sent once more. Each POST is marked first
 * (`mark`, see name-lock.ts), and the mark removed here only when Cloudflare refused the last POST
 * or none was made: after any other failure, later creates of the name look for this one's first.
 */
import { AppScope, RealtimeKitClient } from "../http/client";
import { IncompleteCreateError, isAmbiguous, RealtimeKitError, UncertainCreateError } from "../http/errors";
import { PostMark } from "../names/name-lock";
import { LivestreamFacts, LivestreamSummary } from "../types";

/** POSTs at most; each after the first follows a failure proven not to have created anything. */
const MAX_POSTS = 3;
/** How long, beyond `settleMs`, failing lists are retried while looking for a lost create. */
const LIST_PATIENCE_MS = 30_000;

export interface CreateOptions {
  /** How long a livestream must stay absent before a failed create counts as not having happened. */
  settleMs: number;
  listPatienceMs?: number;
  log: (message: string) => void;
  mark?: PostMark;
}

/** One create: its name, when it began, and the failure being looked into. */
interface Attempt {
  name: string;
  /** Our clock's time, and Cloudflare's earliest then if its clock was known (see candidatesOf). */
  startedAt: number;
  serverStartedAt?: number;
  cause: RealtimeKitError;
}

/** A livestream of this name that may be this attempt's; `facts` when a GET already read it. */
interface Candidate {
  livestreamId: string;
  createdAt?: string;
  facts?: LivestreamFacts;
}

export async function createOnce(client: RealtimeKitClient, scope: AppScope, name: string, options: CreateOptions): Promise<LivestreamFacts> {
  const { log } = options;
  const startedAt = Date.now();
  const serverStartedAt = client.clock.offset() && client.clock.earliest(startedAt);
  for (let post = 1; ; post++) {
    try {
      // Marked before each request the client sends, a 429's resend included: Cloudflare may commit any of them.
      return await client.createLivestream(scope, name, options.mark?.posting);
    } catch (error) {
      // A refusal made nothing, and every earlier POST was proven to have made nothing.
      if (!isAmbiguous(error)) {
        options.mark?.notCreated();
        throw error;
      }
      const cause = error as RealtimeKitError;
      log(`creating livestream '${name}': ${cause.summary}; checking whether it was created`);
      const found = await findCreated(client, scope, { name, startedAt, serverStartedAt, cause }, options);
      if (found) {
        log(`livestream '${name}' had been created as ${found.livestreamId}; taking it`);
        return found;
      }
      if (post >= MAX_POSTS) {
        options.mark?.notCreated();
        throw error;
      }
      log(`livestream '${name}' was not created; sending the create once more`);
    }
  }
}

/**
 * The livestream the failed POSTs created, or undefined once none has appeared for `settleMs`.
 * Reads that fail are tried again for `listPatienceMs` more: giving up early could leave a
 * livestream nobody knows of.
 */
async function findCreated(client: RealtimeKitClient, scope: AppScope, attempt: Attempt, options: CreateOptions): Promise<LivestreamFacts | undefined> {
  const { settleMs, listPatienceMs = LIST_PATIENCE_MS } = options;
  const start = Date.now();
  const read = new Map<string, LivestreamFacts | undefined>();
  for (let wait = 250; ; wait = Math.min(wait * 2, 4000)) {
    let candidates: Candidate[] | undefined;
    try {
      candidates = await candidatesOf(client, scope, attempt, read);
    } catch (error) {
      if (Date.now() - start >= settleMs + listPatienceMs) throw cannotCheck(attempt, error as Error);
    }
    // Listed without a name and then unreadable (404) or nameless: it may be ours, so never post again.
    const nameless = [...read].filter(([, facts]) => !facts?.name).map(([livestreamId]) => ({ livestreamId }));
    if (nameless.length > 0) throw notSure(attempt, nameless, "livestreams created since have no name in Cloudflare's list nor when read by id");
    if (candidates && candidates.length > 0) return take(client, scope, attempt, candidates);
    if (candidates && Date.now() - start >= settleMs) return undefined;
    await sleep(wait);
  }
}

/**
 * The livestreams of this name that Cloudflare created at or after the attempt began. A list item
 * without a name (the spec's example has `"name": null`) is read by id, which does tell it.
 */
async function candidatesOf(client: RealtimeKitClient, scope: AppScope, attempt: Attempt, read: Map<string, LivestreamFacts | undefined>): Promise<Candidate[]> {
  // The window is in Cloudflare's time: learn its clock first (any answer's Date header does).
  await client.learnClock(scope);
  // The earlier of the two: a clock stepped after the POST moves the second past it, one stepped before the attempt
  // (no answer since) leaves the first stale. Too early takes nothing wrong: an older namesake was refused before the POST.
  const since = Math.min(attempt.serverStartedAt ?? Infinity, client.clock.earliest(attempt.startedAt));
  // A second earlier on the server's side, in case it compares whole seconds; the exact cut is ours.
  const listed = await client.listAllLivestreams(scope, { start_time: new Date(since - 1000).toISOString(), sort_order: "DSC", exclude_meetings: true });
  const candidates: Candidate[] = [];
  for (const item of listed.filter((l) => createdSince(l, since))) {
    if (item.name === attempt.name) candidates.push(item);
    if (item.name !== undefined) continue;
    if (!read.has(item.livestreamId)) read.set(item.livestreamId, await client.getLivestream(scope, item.livestreamId));
    const facts = read.get(item.livestreamId);
    if (facts?.name === attempt.name) candidates.push({ ...item, facts });
  }
  return candidates;
}

/**
 * `createdAt` is Cloudflare's; one without a fraction of a second may be up to 999 ms late. One
 * Cloudflare did not give (the spec requires none) may be this attempt's: kept, as undated.
 */
function createdSince(item: LivestreamSummary, since: number): boolean {
  if (item.createdAt === undefined) return true;
  return Date.parse(item.createdAt) + (/\.\d/.test(item.createdAt) ? 0 : 999) >= since;
}

/** The one candidate, read in full; several, or one with no measured clock or no creation time, cannot be told apart. */
async function take(client: RealtimeKitClient, scope: AppScope, attempt: Attempt, candidates: Candidate[]): Promise<LivestreamFacts> {
  if (candidates.length > 1) {
    throw notSure(attempt, candidates, `${candidates.length} livestreams of that name were created since the attempt began`);
  }
  if (!client.clock.offset()) {
    throw notSure(attempt, candidates, "one of that name exists, but Cloudflare's answers carry no Date header, so whether this attempt or an earlier one made it cannot be told");
  }
  if (candidates[0].createdAt === undefined) {
    throw notSure(attempt, candidates, "one of that name exists, but Cloudflare's list does not say when it was created, so whether this attempt or an earlier one made it cannot be told");
  }
  const [{ livestreamId: id, facts }] = candidates;
  if (facts) return facts;
  // The list has shown it: from here on it exists, whatever a read says, and is never posted again.
  let read: LivestreamFacts | undefined;
  try {
    read = await client.getLivestream(scope, id);
  } catch (error) {
    throw new IncompleteCreateError(id, { livestreamId: id, name: attempt.name }, error as RealtimeKitError);
  }
  if (!read) throw new IncompleteCreateError(id, { livestreamId: id, name: attempt.name }, new RealtimeKitError("Cloudflare listed it, but reading it answered 404"));
  return read;
}

function notSure({ name, cause }: Attempt, candidates: Candidate[], why: string): UncertainCreateError {
  const listed = candidates.map((c) => (c.createdAt ? `${c.livestreamId} (created ${c.createdAt})` : c.livestreamId)).join(", ");
  return new UncertainCreateError(
    `Creating livestream '${name}' failed (${cause.message}) and ${why}: ${listed}. Nothing was saved to state and ` +
      "nothing was posted again. If one of them is this resource's, take it with 'adoptLivestreamId: <id>'",
    { operation: cause.operation },
  );
}

function cannotCheck({ name, cause }: Attempt, error: Error): UncertainCreateError {
  return new UncertainCreateError(
    `Creating livestream '${name}' failed (${cause.message}) and whether it was created could not be checked ` +
      `(${error.message}). Nothing was saved to state. Look in the app's livestreams for one named '${name}': ` +
      `if it exists, take it with 'adoptLivestreamId'; if not, run the update again`,
    { operation: cause.operation, status: cause.status, code: cause.code },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
