/**
 * The store as one account's app sees it. Cloudflare keeps livestreams per account and app: a livestream of app A is
 * neither listed nor readable through app B or another account, which answers as for an id that does not exist.
 * Sessions belong to their livestream's account and app.
 */
import type { LivestreamRecord, LivestreamSessionRecord, Scope } from "../store/records";
import { newLivestream } from "../store/records";
import type { LivestreamPatch, LivestreamStore, SessionPatch } from "../store/store";

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
