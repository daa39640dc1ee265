/**
 * What the stacks of one backend hold. Recovery may take a livestream for a stack only when no
 * stack's state holds it and no other stack has an interrupted create of its name: a livestream
 * written into two stacks' states hands one stream key to both, and the API cannot make another.
 */
import { ExportedStack, livestreamIdsInState, PendingCreate, pendingCreates } from "./pending-creates";

/** A stack of the backend other than the one recovered, as `pulumi stack ls --all` names it, and its state. */
export interface OtherStack {
  name: string;
  state: ExportedStack;
}

/** How the recovered stack is named in messages. */
export const THIS_STACK = "this stack";

export class BackendHoldings {
  private constructor(
    private readonly heldBy: Map<string, string>,
    private readonly pending: { stack: string; create: PendingCreate }[],
  ) {}

  /** From the recovered stack's state and every other stack's of the backend. */
  static of(own: ExportedStack, others: OtherStack[] = []): BackendHoldings {
    const heldBy = new Map<string, string>();
    for (const { name, state } of others) for (const id of livestreamIdsInState(state)) heldBy.set(id, name);
    for (const id of livestreamIdsInState(own)) heldBy.set(id, THIS_STACK);
    const pending = others.flatMap(({ name, state }) => pendingCreates(state).map((create) => ({ stack: name, create })));
    return new BackendHoldings(heldBy, pending);
  }

  /** The stack whose state holds livestream `id` (THIS_STACK for the recovered one), if any. */
  holderOf(id: string): string | undefined {
    return this.heldBy.get(id);
  }

  /**
   * The other stacks with an interrupted create of this create's name in its app: a livestream of that name could be
   * theirs. A name or scope that is a secret in their state (ciphertext, which recovery does not read) may be the
   * same: such a create counts, with the fields it hides.
   */
  rivalsOf(create: PendingCreate): Rival[] {
    const fields = ["name", "accountId", "appId"] as const;
    const rivals = new Map<string, Rival>();
    for (const { stack, create: other } of this.pending) {
      const hidden = fields.filter((field) => other.inputs[field] !== undefined && typeof other.inputs[field] !== "string");
      if (!fields.every((field) => hidden.includes(field) || other.inputs[field] === create.inputs[field])) continue;
      const known = rivals.get(stack);
      rivals.set(stack, { stack, hidden: [...new Set([...(known?.hidden ?? []), ...hidden])] });
    }
    return [...rivals.values()];
  }
}

/** Another stack's interrupted create that may have a create's name; `hidden`: its fields recovery could not read. */
export interface Rival {
  stack: string;
  hidden: string[];
}
