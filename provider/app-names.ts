/**
 * Which livestream names each app already holds, learned once per provider process: one paged list
 * of the app, taken by the first `check` or `create` that needs it, kept up to date with what this
 * process creates, and brought up to date (a list of only what is newer) before a create of a name
 * another process of this machine created since (see name-lock.ts). A create of a name its app holds is
 * refused before any POST (see provider.ts), so `pulumi cancel` + `up`, `refresh
 * --clear-pending-creates` + `up`, `destroy` + `up` and two stacks or providers declaring one name
 * cannot make a second livestream of a name.
 */
import { AppScope, RealtimeKitClient } from "./client";
import { NameTakenError } from "./errors";
import { LivestreamSummary } from "./types";

export type Namesake = Pick<LivestreamSummary, "livestreamId" | "createdAt">;

/** One app's names, and when (our clock) the list that last brought them up to date began. */
interface Listing {
  names: Map<string, Namesake[]>;
  ids: Set<string>;
  listedAt: number;
}

export class AppNames {
  private readonly apps = new Map<string, Promise<Listing>>();

  /**
   * The livestreams of `name` in the app. `createdHereAt`: when (our clock) a process of this machine
   * last created the name (name-lock.ts); after this process's list began, what the app gained since
   * is listed first, so that the other process's livestream is seen.
   */
  async holders(client: RealtimeKitClient, scope: AppScope, name: string, createdHereAt?: number): Promise<Namesake[]> {
    const listing = await this.of(client, scope);
    if (createdHereAt !== undefined && createdHereAt >= listing.listedAt) {
      const listedAt = Date.now();
      // From a second before the last list began, in Cloudflare's time: what that list may not have shown.
      const since = new Date(client.clock.earliest(listing.listedAt) - 1000).toISOString();
      record(listing, await client.listAllNamed(scope, { start_time: since, sort_order: "ASC", exclude_meetings: true }, (l) => !listing.ids.has(l.livestreamId)));
      listing.listedAt = listedAt;
    }
    return listing.names.get(name) ?? [];
  }

  /** Records a livestream this process made or took, so that no later create of the process repeats its name. */
  async add(client: RealtimeKitClient, scope: AppScope, name: string, held: Namesake): Promise<void> {
    record(await this.of(client, scope), [{ ...held, name }]);
  }

  private of(client: RealtimeKitClient, { accountId, appId }: AppScope): Promise<Listing> {
    const key = `${accountId}/${appId}`;
    let listing = this.apps.get(key);
    if (!listing) {
      listing = listApp(client, { accountId, appId });
      // A failed list is not kept: the next create asks again.
      listing.catch(() => this.apps.delete(key));
      this.apps.set(key, listing);
    }
    return listing;
  }
}

async function listApp(client: RealtimeKitClient, scope: AppScope): Promise<Listing> {
  const listing: Listing = { names: new Map(), ids: new Set(), listedAt: Date.now() };
  record(listing, await client.listAllNamed(scope, { sort_order: "ASC", exclude_meetings: true }));
  return listing;
}

function record(listing: Listing, livestreams: (Namesake & Pick<LivestreamSummary, "name">)[]): void {
  for (const { livestreamId, createdAt, name } of livestreams) {
    if (listing.ids.has(livestreamId)) continue;
    listing.ids.add(livestreamId);
    if (name) listing.names.set(name, [...(listing.names.get(name) ?? []), { livestreamId, createdAt }]);
  }
}

/** The refusal of a create whose name its app holds: who holds it, and the ways out. */
export function nameTaken(name: string, appId: string, holders: Namesake[]): NameTakenError {
  const held = holders.map((h) => `${h.livestreamId} (created ${h.createdAt ?? "at a time Cloudflare did not say"})`).join(", ");
  const adopt = holders.length === 1 ? `adopt it ('adoptExisting: true', or 'adoptLivestreamId: ${holders[0].livestreamId}')` : "adopt one ('adoptLivestreamId: <id>')";
  return new NameTakenError(
    `App ${appId} already has a livestream named '${name}': ${held}; it may belong to another stack or program. A name is ` +
      `one livestream per app here (the API cannot delete, so a second could never be removed), and nothing was created. ` +
      `If an update of this stack was interrupted (even if its pending creates were cleared since), run 'realtimekit-recover', ` +
      `which takes only what no other stack of the backend holds; if it is this stack's to manage and no other stack's, ${adopt}; ` +
      `otherwise choose another name`,
  );
}
