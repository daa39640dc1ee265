/**
 * Which livestream names each app already holds, learned once per provider process: one paged list
 * of the app, taken by the first `check` or `create` that needs it, kept up to date with what this
 * process creates, and brought up to date (a list of only what is newer) before a create of a name
 * another process of this machine created since, or may still be creating (see name-lock.ts). A
 * create of a name its app holds is
 * refused before any POST (see livestream-provider.ts), so `pulumi cancel` + `up`, `refresh
 * --clear-pending-creates` + `up`, `destroy` + `up` and two stacks or providers declaring one name
 * cannot make a second livestream of a name.
 */
import { AppScope, ListQuery, RealtimeKitClient } from "../http/client";
import { NameTakenError } from "../http/errors";
import { NameCache, NameDigest, nameDigest } from "./name-cache";
import { InFlight, settlesAt } from "./name-lock";
import { LivestreamSummary } from "../types";

export type Namesake = Pick<LivestreamSummary, "livestreamId" | "createdAt">;

/** One app's names, by digest (see name-cache.ts), and when (our clock) the list that last brought them up to date began. */
interface Listing {
  names: Map<NameDigest, Namesake[]>;
  ids: Set<string>;
  listedAt: number;
}

type Held = Namesake & { digest: NameDigest };

/** What this machine's name lock says of a name (see name-lock.ts), and how to wait for a create it shows in flight. */
export interface NameNews {
  createdHereAt?: number;
  inFlight?: InFlight;
  /** This process's settle window. */
  settleMs: number;
  log: (message: string) => void;
}

export class AppNames {
  private readonly apps = new Map<string, Promise<Listing>>();
  /** The apps whose list left names out: what this process creates there goes into the cache too. */
  private readonly leftOut = new Set<string>();

  /** `cache`: the names this machine has read by id, so that each livestream the list leaves nameless is read once. */
  constructor(private readonly cache = new NameCache()) {}

  /**
   * The livestreams of `name` in the app. From the name lock: when a process of this machine last
   * created the name, and a create of it that may still be committing. What the app gained since
   * this process's list began is listed first when either is newer than that list; for a create in
   * flight, again until the name appears or its settle window has passed, so that a POST Cloudflare
   * commits late is seen.
   */
  async holders(client: RealtimeKitClient, scope: AppScope, name: string, news?: NameNews): Promise<Namesake[]> {
    const listing = await this.of(client, scope);
    const digest = nameDigest(name);
    if (news?.createdHereAt !== undefined && news.createdHereAt >= listing.listedAt) await this.listNewer(client, scope, listing, listing.listedAt);
    if (news?.inFlight) await this.awaitInFlight(client, scope, listing, name, news.inFlight, news);
    return listing.names.get(digest) ?? [];
  }

  /** Records a livestream this process made or took, so that no later create of the process repeats its name. */
  async add(client: RealtimeKitClient, scope: AppScope, name: string, held: Namesake): Promise<void> {
    record(await this.of(client, scope), [{ ...held, digest: nameDigest(name) }]);
    if (this.leftOut.has(keyOf(scope))) this.cache.save({ ...scope, api: client.baseUrl }, new Map([[held.livestreamId, nameDigest(name)]]));
  }

  private of(client: RealtimeKitClient, { accountId, appId }: AppScope): Promise<Listing> {
    const key = keyOf({ accountId, appId });
    let listing = this.apps.get(key);
    if (!listing) {
      const listedAt = Date.now();
      listing = this.list(client, { accountId, appId }, {}).then((held) => record({ names: new Map(), ids: new Set(), listedAt }, held));
      // A failed list is not kept: the next create asks again.
      listing.catch(() => this.apps.delete(key));
      this.apps.set(key, listing);
    }
    return listing;
  }

  /** What the app gained since `from` (our clock), in Cloudflare's time and a second earlier: what the last list may not have shown. */
  private async listNewer(client: RealtimeKitClient, scope: AppScope, listing: Listing, from: number): Promise<void> {
    const listedAt = Date.now();
    const since = new Date(client.clock.earliest(from) - 1000).toISOString();
    record(listing, await this.list(client, scope, { start_time: since }, (l) => !listing.ids.has(l.livestreamId)));
    listing.listedAt = listedAt;
  }

  /**
   * Lists what the app gained since a create of `name` in flight began, until the name appears or a
   * list began after the create's settle window: then this process's list shows what that POST made.
   */
  private async awaitInFlight(client: RealtimeKitClient, scope: AppScope, listing: Listing, name: string, inFlight: InFlight, { settleMs, log }: NameNews): Promise<void> {
    const until = settlesAt(inFlight, settleMs);
    const digest = nameDigest(name);
    if (listing.listedAt > until || listing.names.has(digest)) return;
    log(`livestream '${name}': a create of that name by process ${inFlight.pid} of this machine may still be committing; ` +
      `looking for it until ${new Date(until).toISOString()} before posting`);
    // A POST goes out after its mark is written: what it made is no older than the mark.
    const from = Math.min(inFlight.since, listing.listedAt);
    for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
      await this.listNewer(client, scope, listing, from);
      if (listing.names.has(digest) || listing.listedAt > until) return;
      await sleep(Math.min(wait, until - Date.now() + 1));
    }
  }

  /**
   * The app's livestreams (oldest first, so that the list is read many pages at once: see
   * client.ts), each with its name's digest: from the list, else from the cache, else read by id
   * and then kept in the cache, even when a later read fails.
   */
  private async list(client: RealtimeKitClient, scope: AppScope, query: Pick<ListQuery, "start_time">, keep: (l: LivestreamSummary) => boolean = () => true): Promise<Held[]> {
    const listed = (await client.listAllLivestreams(scope, { ...query, sort_order: "ASC", exclude_meetings: true })).filter(keep);
    const nameless = listed.filter((l) => !l.name).map((l) => l.livestreamId);
    if (nameless.length > 0) this.leftOut.add(keyOf(scope));
    const cached = { ...scope, api: client.baseUrl };
    const known = nameless.length > 0 ? this.cache.read(cached) : new Map<string, NameDigest>();
    const learnt = new Map<string, NameDigest>();
    try {
      await client.readNames(scope, nameless.filter((id) => !known.has(id)), (id, name) => learnt.set(id, nameDigest(name)));
    } finally {
      if (learnt.size > 0) this.cache.save(cached, learnt);
    }
    return listed.map(({ livestreamId, createdAt, name }) => ({ livestreamId, createdAt, digest: name ? nameDigest(name) : known.get(livestreamId) ?? learnt.get(livestreamId) ?? "" }));
  }
}

function keyOf({ accountId, appId }: AppScope): string {
  return `${accountId}/${appId}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function record(listing: Listing, livestreams: Held[]): Listing {
  for (const { livestreamId, createdAt, digest } of livestreams) {
    if (listing.ids.has(livestreamId)) continue;
    listing.ids.add(livestreamId);
    if (digest) listing.names.set(digest, [...(listing.names.get(digest) ?? []), { livestreamId, createdAt }]);
  }
  return listing;
}

/** The refusal of a create whose name its app holds: who holds it, and the ways out. */
export function nameTaken(name: string, appId: string, holders: Namesake[]): NameTakenError {
  const held = holders.map((h) => `${h.livestreamId} (created ${h.createdAt ?? "at a time Cloudflare did not say"})`).join(", ");
  const adopt = holders.length === 1 ? `adopt it ('adoptExisting: true', or 'adoptLivestreamId: ${holders[0].livestreamId}')` : "adopt one ('adoptLivestreamId: <id>')";
  return new NameTakenError(
    `App ${appId} already has a livestream named '${name}': ${held}; it may belong to another stack or program. A name is ` +
      `one livestream per app here (the API cannot delete, so a second could never be removed), and nothing was created. ` +
      `If an update of this stack was interrupted (even if its pending creates were cleared since), run 'realtimekit-recover', ` +
      `which takes only what that update made and no other stack of the backend holds, and otherwise says what takes the name; ` +
      `if it is this stack's to manage and no other stack's (one 'pulumi destroy' left in Cloudflare, say), ${adopt}; ` +
      `otherwise choose another name`,
  );
}
