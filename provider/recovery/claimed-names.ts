/**
 * Recovery holds the name lock (names/name-lock.ts) of every name it may write, from before it waits out
 * the settle window (the marks beside the locks say how long: settle-wait.ts) until its `pulumi stack
 * import` is done. No create of this machine posts one of those names in between, so no mark changes
 * while it waits, and one that finished before, whose stack's state the engine may not have
 * written yet, is known from the record beside the lock: without both, a livestream another stack's
 * `up` made while recovery ran looked like no stack's and was written into this stack's state too.
 */
import { NameLockHeld, nameLockKey, withNameLocks } from "../names/name-lock";
import { PendingCreate } from "./pending-creates";

/** What this machine's lock of a create's name says (undefined for a name recovery cannot read: a secret). */
export type MachineNews = (create: PendingCreate) => NameLockHeld | undefined;

/** `clientFor`: where each create's livestream is looked for (recover.ts's ClientFor): its API is part of the lock's key. */
export async function withClaimedNames<T>(clientFor: (create: PendingCreate) => { baseUrl: string }, creates: PendingCreate[], work: (news: MachineNews) => Promise<T>): Promise<T> {
  const keyOf = (create: PendingCreate) => {
    const { name, accountId, appId } = create.inputs;
    return [name, accountId, appId].every((v) => typeof v === "string") ? nameLockKey({ api: clientFor(create).baseUrl, accountId, appId }, name!) : undefined;
  };
  const keys = new Map(creates.map((c) => [c, keyOf(c)]));
  const named = [...keys.values()].filter((k): k is string => k !== undefined);
  return withNameLocks(named, (held) => work((create) => held.get(keys.get(create) ?? "")));
}
