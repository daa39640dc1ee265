/**
 * What `pulumi up` does with a create recovery leaves to it: it refuses a name its app already holds,
 * whoever made the holder (see names/app-names.ts). Recovery takes only what an interrupted update of
 * the stack made, so a holder from before (one `pulumi destroy` left in Cloudflare, another program's)
 * stays; recovery then says what takes the name instead, rather than sending the user back to an `up`
 * that refuses it.
 */
import { AppNames, Namesake } from "../names/app-names";
import type { ClientFor } from "./recover";
import { PendingCreate } from "./pending-creates";

/** For each create whose name its app holds: the holders (oldest first). Creates whose name is a secret are not looked at. */
export async function refusedNames(clientFor: ClientFor, creates: PendingCreate[]): Promise<Map<string, Namesake[]>> {
  const names = new AppNames();
  const refused = new Map<string, Namesake[]>();
  for (const create of creates) {
    const { name, accountId, appId } = create.inputs;
    if (![name, accountId, appId].every((v) => typeof v === "string")) continue;
    const holders = await names.holders(clientFor(create), { accountId, appId }, name!);
    if (holders.length > 0) refused.set(create.urn, holders);
  }
  return refused;
}

/** What takes a refused name, for the resource `urn`: adopting the holder, when it is this stack's to manage, or another name. */
export function refusalAdvice(urn: string, name: string, holders: Namesake[], why: string): string {
  const held = holders.map((h) => `${h.livestreamId} (created ${h.createdAt ?? "at a time Cloudflare did not say"})`).join(", ");
  const adopt = holders.length === 1 ? `set 'adoptLivestreamId: ${holders[0].livestreamId}' (or 'adoptExisting: true')` : "set 'adoptLivestreamId: <id>' to one of them";
  return `${urn}: 'pulumi up' refuses the name '${name}', which its app holds: ${held}; ${why}, so it is not this stack's to take ` +
    `here. If it is this stack's to manage (one 'pulumi destroy' left in Cloudflare, say) and no other stack's, ${adopt} on the ` +
    "resource; otherwise give the resource another name";
}
