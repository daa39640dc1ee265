/**
 * Creating a livestream exactly once. The API cannot delete, so a POST retried after a lost answer
 * could leave a duplicate nobody can remove. Instead, after an ambiguous failure (timeout, reset,
 * 5xx, unreadable answer) we look for a livestream of this name created since the attempt began:
 * one found is taken. Only when none has appeared for `settleMs` (a server may still be committing
 * a create its client gave up on) is the POST sent once more.
 */
import type { AppScope, RealtimeKitClient } from "./client";
import { isAmbiguous, RateLimitError, RealtimeKitError } from "./errors";
import { LivestreamSummary } from "./mapping";
import { LivestreamFacts } from "./types";

/** Allowance for the difference between our clock and Cloudflare's. */
export const CLOCK_SKEW_MS = 5 * 60_000;
const PAGE_SIZE = 100;
const MAX_PAGES = 20;
/** POSTs at most: the first, and one more after a failure proven not to have created anything. */
const MAX_POSTS = 3;

export interface CreateOptions {
  /** How long a livestream must stay absent before a failed create counts as not having happened. */
  settleMs: number;
  log: (message: string) => void;
}

export async function createOnce(client: RealtimeKitClient, scope: AppScope, name: string, { settleMs, log }: CreateOptions): Promise<LivestreamFacts> {
  const since = new Date(Date.now() - CLOCK_SKEW_MS);
  for (let post = 1; ; post++) {
    try {
      return await client.createLivestream(scope, name);
    } catch (error) {
      if (post >= MAX_POSTS) throw error;
      if (error instanceof RateLimitError) {
        // A 429 is answered before the request is processed, so nothing was created.
        const wait = Math.min(error.retryAfterMs ?? 1000 * post, 60_000);
        log(`creating livestream '${name}': rate limited; trying again in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      if (!isAmbiguous(error)) throw error;
      log(`creating livestream '${name}': ${(error as Error).message}; checking whether it was created`);
      const found = await findCreated(client, scope, name, since, settleMs, error as RealtimeKitError);
      if (found) {
        log(`livestream '${name}' had been created as ${found.livestreamId}; taking it`);
        return found;
      }
      log(`livestream '${name}' was not created; sending the create once more`);
    }
  }
}

async function findCreated(client: RealtimeKitClient, scope: AppScope, name: string, since: Date, settleMs: number, cause: RealtimeKitError): Promise<LivestreamFacts | undefined> {
  let matches: LivestreamSummary[] = [];
  try {
    // Look at once, then at growing intervals until settleMs has passed with nothing found.
    const start = Date.now();
    for (let wait = 250; ; wait *= 2) {
      matches = await listNamed(client, scope, name, since);
      const left = settleMs - (Date.now() - start);
      if (matches.length > 0 || left <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, left)));
    }
  } catch (error) {
    throw new RealtimeKitError(
      `Creating livestream '${name}' failed (${cause.message}) and whether it was created could not be checked ` +
        `(${(error as Error).message}). Nothing was saved to state. Look in the app's livestreams for one named '${name}': ` +
        `if it exists, take it with 'adoptLivestreamId'; if not, run the update again`,
      { operation: cause.operation, status: cause.status, code: cause.code },
    );
  }
  if (matches.length > 1) {
    throw new RealtimeKitError(
      `Creating livestream '${name}' failed (${cause.message}) and ${matches.length} livestreams of that name were created since ` +
        `${since.toISOString()} (${matches.map((m) => m.livestreamId).join(", ")}). Nothing was saved to state; take the right one with 'adoptLivestreamId'`,
      { operation: cause.operation },
    );
  }
  return matches.length === 1 ? client.getLivestream(scope, matches[0].livestreamId) : undefined;
}

async function listNamed(client: RealtimeKitClient, scope: AppScope, name: string, since: Date): Promise<LivestreamSummary[]> {
  const found: LivestreamSummary[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { livestreams } = await client.listLivestreams(scope, {
      start_time: since.toISOString(), sort_order: "DSC", exclude_meetings: true, page_no: page, per_page: PAGE_SIZE,
    });
    found.push(...livestreams.filter((l) => l.name === name && (!l.createdAt || Date.parse(l.createdAt) >= since.getTime())));
    if (livestreams.length < PAGE_SIZE) return found;
  }
  return found;
}
