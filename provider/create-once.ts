/**
 * Creating a livestream exactly once. The API cannot delete, so a POST retried after a lost answer
 * could leave a duplicate nobody can remove. Instead, after an ambiguous failure (timeout, reset,
 * 5xx, unreadable answer) we look for a livestream of this name created since the attempt began:
 * one found is taken. Only when none has appeared for `settleMs` (a server may still be committing
 * a create its client gave up on) is the POST sent once more.
 */
import { AppScope, collectPages, PAGE_SIZE, RealtimeKitClient } from "./client";
import { IncompleteCreateError, isAmbiguous, RateLimitError, RealtimeKitError } from "./errors";
import { LivestreamSummary } from "./mapping";
import { LivestreamFacts } from "./types";

/** Allowance for the difference between our clock and Cloudflare's. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** POSTs at most; each after the first follows a 429 or a failure proven not to have created anything. */
const MAX_POSTS = 3;
const LIST_PATIENCE_MS = 30_000;
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

export interface CreateOptions {
  /** How long a livestream must stay absent before a failed create counts as not having happened. */
  settleMs: number;
  /** How long, beyond settleMs, failing lists are retried while looking for a lost create. */
  listPatienceMs?: number;
  log: (message: string) => void;
}

export async function createOnce(client: RealtimeKitClient, scope: AppScope, name: string, options: CreateOptions): Promise<LivestreamFacts> {
  const { log } = options;
  const since = new Date(Date.now() - CLOCK_SKEW_MS);
  for (let post = 1; ; post++) {
    try {
      return await client.createLivestream(scope, name);
    } catch (error) {
      if (error instanceof RateLimitError && post < MAX_POSTS && (error.retryAfterMs ?? 0) <= MAX_RATE_LIMIT_WAIT_MS) {
        // A 429 is answered before the request is processed, so nothing was created. A longer
        // wait than the cap (Cloudflare blocks for 5 minutes) fails at once, as reads do.
        const wait = error.retryAfterMs ?? 1000 * post;
        log(`creating livestream '${name}': rate limited; trying again in ${wait} ms`);
        await sleep(wait);
        continue;
      }
      if (!isAmbiguous(error)) throw error;
      log(`creating livestream '${name}': ${(error as RealtimeKitError).summary}; checking whether it was created`);
      const found = await findCreated(client, scope, name, since, options, error as RealtimeKitError);
      if (found) {
        log(`livestream '${name}' had been created as ${found.livestreamId}; taking it`);
        return found;
      }
      if (post >= MAX_POSTS) throw error;
      log(`livestream '${name}' was not created; sending the create once more`);
    }
  }
}

/**
 * The livestream a failed POST created, or undefined once none has appeared for `settleMs`. Lists
 * that fail are tried again for `listPatienceMs` more: giving up early could leave a livestream
 * nobody knows of.
 */
async function findCreated(client: RealtimeKitClient, scope: AppScope, name: string, since: Date, options: CreateOptions, cause: RealtimeKitError): Promise<LivestreamFacts | undefined> {
  const { settleMs, listPatienceMs = LIST_PATIENCE_MS } = options;
  const start = Date.now();
  let matches: LivestreamSummary[] = [];
  for (let wait = 250; ; wait = Math.min(wait * 2, 4000)) {
    try {
      matches = await listNamed(client, scope, name, since);
      if (matches.length > 0 || Date.now() - start >= settleMs) break;
    } catch (error) {
      if (Date.now() - start >= settleMs + listPatienceMs) throw cannotTell(name, cause, error as Error);
    }
    await sleep(wait);
  }
  if (matches.length > 1) {
    throw new RealtimeKitError(
      `Creating livestream '${name}' failed (${cause.message}) and ${matches.length} livestreams of that name were created since ` +
        `${since.toISOString()} (${matches.map((m) => m.livestreamId).join(", ")}). Nothing was saved to state; take the right one with 'adoptLivestreamId'`,
      { operation: cause.operation },
    );
  }
  if (matches.length === 0) return undefined;
  // The list has shown it: from here on it exists, whatever a read says, and is never posted again.
  const id = matches[0].livestreamId;
  let facts: LivestreamFacts | undefined;
  try {
    facts = await client.getLivestream(scope, id);
  } catch (error) {
    throw new IncompleteCreateError(id, { livestreamId: id, name }, error as RealtimeKitError);
  }
  if (!facts) throw new IncompleteCreateError(id, { livestreamId: id, name }, new RealtimeKitError("Cloudflare listed it, but reading it answered 404"));
  return facts;
}

function cannotTell(name: string, cause: RealtimeKitError, error: Error): RealtimeKitError {
  return new RealtimeKitError(
    `Creating livestream '${name}' failed (${cause.message}) and whether it was created could not be checked ` +
      `(${error.message}). Nothing was saved to state. Look in the app's livestreams for one named '${name}': ` +
      `if it exists, take it with 'adoptLivestreamId'; if not, run the update again`,
    { operation: cause.operation, status: cause.status, code: cause.code },
  );
}

async function listNamed(client: RealtimeKitClient, scope: AppScope, name: string, since: Date): Promise<LivestreamSummary[]> {
  const recent = await collectPages("GET livestreams", async (page) => {
    const { livestreams, totalCount } = await client.listLivestreams(scope, {
      start_time: since.toISOString(), sort_order: "DSC", exclude_meetings: true, page_no: page, per_page: PAGE_SIZE,
    });
    return { items: livestreams, totalCount };
  });
  return recent.filter((l) => l.name === name && (!l.createdAt || Date.parse(l.createdAt) >= since.getTime()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
