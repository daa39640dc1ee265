/**
 * Which livestream names each app already holds, learned once per provider process: one paged list
 * of the app, taken by the first `check` or `create` that needs it, then kept up to date with what
 * this process creates. A create of a name its app holds is refused before any POST (see
 * provider.ts), so `pulumi cancel` + `up`, `refresh --clear-pending-creates` + `up`, `destroy` +
 * `up` and two stacks declaring one name cannot make a second livestream of a name.
 */
import { AppScope, RealtimeKitClient } from "./client";
import { NameTakenError } from "./errors";
import { LivestreamSummary } from "./types";

export type Namesake = Pick<LivestreamSummary, "livestreamId" | "createdAt">;

export class AppNames {
  private readonly apps = new Map<string, Promise<Map<string, Namesake[]>>>();

  /** The livestreams of `name` in the app, oldest first. */
  async holders(client: RealtimeKitClient, scope: AppScope, name: string): Promise<Namesake[]> {
    return (await this.of(client, scope)).get(name) ?? [];
  }

  /** Records a livestream this process made or took, so that no later create of the process repeats its name. */
  async add(client: RealtimeKitClient, scope: AppScope, name: string, held: Namesake): Promise<void> {
    const names = await this.of(client, scope);
    const others = (names.get(name) ?? []).filter((h) => h.livestreamId !== held.livestreamId);
    names.set(name, [...others, held]);
  }

  private of(client: RealtimeKitClient, { accountId, appId }: AppScope): Promise<Map<string, Namesake[]>> {
    const key = `${accountId}/${appId}`;
    let names = this.apps.get(key);
    if (!names) {
      names = listNames(client, { accountId, appId });
      // A failed list is not kept: the next create asks again.
      names.catch(() => this.apps.delete(key));
      this.apps.set(key, names);
    }
    return names;
  }
}

async function listNames(client: RealtimeKitClient, scope: AppScope): Promise<Map<string, Namesake[]>> {
  const names = new Map<string, Namesake[]>();
  for (const { livestreamId, createdAt, name } of await client.listAllNamed(scope, { sort_order: "ASC", exclude_meetings: true })) {
    if (name) names.set(name, [...(names.get(name) ?? []), { livestreamId, createdAt }]);
  }
  return names;
}

/** The refusal of a create whose name its app holds: who holds it, and the ways out. */
export function nameTaken(name: string, appId: string, holders: Namesake[]): NameTakenError {
  const held = holders.map((h) => `${h.livestreamId} (created ${h.createdAt ?? "at a time Cloudflare did not say"})`).join(", ");
  const adopt = holders.length === 1 ? `adopt it ('adoptExisting: true', or 'adoptLivestreamId: ${holders[0].livestreamId}')` : "adopt one ('adoptLivestreamId: <id>')";
  return new NameTakenError(
    `App ${appId} already has a livestream named '${name}': ${held}. A name is one livestream per app here (the API cannot ` +
      `delete, so a second could never be removed), and nothing was created. If an update was interrupted, run ` +
      `'realtimekit-recover'; to manage the existing one, ${adopt}; otherwise choose another name`,
  );
}
