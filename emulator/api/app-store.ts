/**
 * The store as one account's app sees it. Cloudflare keeps livestreams per account and app: a livestream of app A is
 * neither listed nor readable through app B or another account, which answers as for an id that does not exist.
 * Sessions belong to their livestream's account and app.
 */
import type { LivestreamRecord, LivestreamSessionRecord, Scope } from "../store/records";
import { newLivestream } from "../store/records";
import type { LivestreamPatch, LivestreamStore, SessionPatch } from "../store/store";

/** A livestream with its `created_at` parsed, as lists order and filter by it. */
export interface TimedRecord {
  record: LivestreamRecord;
  at: number;
}

/**
 * Each store's livestreams per app, oldest first, as of a revision: a list is sorted again only after a change, so
 * that reading an app of 10,000 page by page costs the emulator a page each time, not a sort.
 */
const sortedByStore = new WeakMap<LivestreamStore, Map<string, { revision: number; sorted: readonly TimedRecord[] }>>();

export class AppStore {
  constructor(
    private readonly store: LivestreamStore,
    readonly scope: Scope,
  ) {}

  /** Mints and stores a livestream of this app. */
  create(customerCode: string, at: Date, fields: { name: string | null; meeting_id?: string }): LivestreamRecord {
    return this.store.create(newLivestream(customerCode, this.scope, at, fields));
  }

  get(id: string): LivestreamRecord | undefined {
    const record = this.store.get(id);
    return record && this.owns(record) ? record : undefined;
  }

  /** This app's livestreams, in insertion order. */
  list(): LivestreamRecord[] {
    return this.store.list().filter((record) => this.owns(record));
  }

  /** This app's livestreams oldest first (insertion order between equal `created_at`); shared between requests, not to be changed. */
  oldestFirst(): readonly TimedRecord[] {
    let byApp = sortedByStore.get(this.store);
    if (!byApp) sortedByStore.set(this.store, (byApp = new Map()));
    const key = `${this.scope.account_id}/${this.scope.app_id.toLowerCase()}`;
    const kept = byApp.get(key);
    if (kept?.revision === this.store.revision()) return kept.sorted;
    const sorted = this.list().map((record) => ({ record, at: Date.parse(record.created_at) })).sort((a, b) => a.at - b.at);
    byApp.set(key, { revision: this.store.revision(), sorted });
    return sorted;
  }

  update(id: string, patch: LivestreamPatch): LivestreamRecord | undefined {
    return this.get(id) && this.store.update(id, patch);
  }

  /** The sessions of this app's livestreams, in insertion order. */
  sessions(): LivestreamSessionRecord[] {
    const ids = new Set(this.list().map((record) => record.id));
    return this.store.sessions().filter((session) => ids.has(session.livestream_id));
  }

  /** The sessions of one of this app's livestreams, in insertion order; none for another app's. */
  sessionsOf(livestreamId: string): LivestreamSessionRecord[] {
    return this.get(livestreamId) ? this.store.sessions().filter((session) => session.livestream_id === livestreamId) : [];
  }

  getSession(id: string): LivestreamSessionRecord | undefined {
    const session = this.store.getSession(id);
    return session && this.get(session.livestream_id) ? session : undefined;
  }

  updateSession(id: string, patch: SessionPatch): LivestreamSessionRecord | undefined {
    return this.getSession(id) && this.store.updateSession(id, patch);
  }

  private owns(record: LivestreamRecord): boolean {
    return record.account_id === this.scope.account_id && record.app_id === this.scope.app_id.toLowerCase();
  }
}
