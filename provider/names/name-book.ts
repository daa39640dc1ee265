/**
 * The livestream names (and adopted ids) one provider process has handed out during one deployment:
 * every `check` of a program's resources runs in it, so it is where two resources asking for the
 * same name in one app, or adopting the same livestream, are caught at preview, and where a name kept
 * from before survives the engine's second `check` of a replacement, which comes without the old inputs.
 */
export class NameBook {
  private readonly owners = new Map<string, string>();
  private readonly kept = new Map<string, string>();

  /** Claims `name` in one app for `owner` (a URN); answers the other resource's URN that already has it, if any. */
  claim(accountId: string, appId: string, name: string, owner: string): string | undefined {
    return this.take(`name ${accountId}/${appId}/${name}`, owner);
  }

  /** Claims the livestream `id` (ids are unique across apps) for `owner`; answers the other resource's URN that adopts it, if any. */
  claimAdopted(id: string, owner: string): string | undefined {
    return this.take(`id ${id}`, owner);
  }

  /**
   * A livestream reached at create, by its id or by its name: the resource that claimed either claims both, so that
   * one reached the other way is caught too. Answers the two resources, the id's first, when different ones claimed them.
   */
  bind(accountId: string, appId: string, name: string | undefined, id: string): [string, string] | undefined {
    const keys = [`id ${id}`, ...(name ? [`name ${accountId}/${appId}/${name}`] : [])];
    const [byId, byName] = keys.map((key) => this.owners.get(key));
    if (byId !== undefined && byName !== undefined && byId !== byName) return [byId, byName];
    const owner = byId ?? byName;
    if (owner !== undefined) for (const key of keys) this.owners.set(key, owner);
    return undefined;
  }

  /** The resource (URN) that adopts or holds livestream `id` in this deployment, if any. */
  holderOf(id: string): string | undefined {
    return this.owners.get(`id ${id}`);
  }

  private take(key: string, owner: string): string | undefined {
    const holder = this.owners.get(key);
    if (holder !== undefined && holder !== owner) return holder;
    this.owners.set(key, owner);
    return undefined;
  }

  /** Remembers the name `owner`'s livestream keeps from before, for a replacement's `check`. */
  keep(owner: string, name: string): void {
    this.kept.set(owner, name);
  }

  keptName(owner: string): string | undefined {
    return this.kept.get(owner);
  }
}
