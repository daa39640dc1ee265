/** The memory backend of the store; also the base of the file backend. */
import type { LivestreamRecord, LivestreamSessionRecord } from "./records";
import type { LivestreamPatch, LivestreamStore, SessionPatch, StoreSnapshot } from "./store";

/** Keeps everything in maps; the file backend persists after every change via `changed()`. */
export class MemoryStore implements LivestreamStore {
  private readonly livestreams = new Map<string, LivestreamRecord>();
  private readonly sessionsById = new Map<string, LivestreamSessionRecord>();

  constructor(initial?: StoreSnapshot) {
    for (const record of initial?.livestreams ?? []) this.livestreams.set(record.id, { ...record });
    for (const session of initial?.sessions ?? []) this.sessionsById.set(session.id, { ...session });
  }

  private changes = 0;

  /** Called after every change; the memory backend has nothing to do. */
  protected changed(): void {}

  private touched(): void {
    this.changes++;
    this.changed();
  }

  revision(): number {
    return this.changes;
  }

  protected snapshot(): StoreSnapshot {
    return { livestreams: this.list(), sessions: this.sessions() };
  }

  create(record: LivestreamRecord): LivestreamRecord {
    this.livestreams.set(record.id, { ...record });
    this.touched();
    return { ...record };
  }

  get(id: string): LivestreamRecord | undefined {
    const record = this.livestreams.get(id);
    return record && { ...record };
  }

  list(): LivestreamRecord[] {
    return [...this.livestreams.values()].map((record) => ({ ...record }));
  }

  update(id: string, patch: LivestreamPatch): LivestreamRecord | undefined {
    const record = this.livestreams.get(id);
    if (!record) return undefined;
    const next = { ...record, ...patch, id, account_id: record.account_id, app_id: record.app_id };
    this.livestreams.set(id, next);
    this.touched();
    return { ...next };
  }

  remove(id: string): boolean {
    if (!this.livestreams.delete(id)) return false;
    for (const session of this.sessionsById.values()) {
      if (session.livestream_id === id) this.sessionsById.delete(session.id);
    }
    this.touched();
    return true;
  }

  reset(): void {
    this.livestreams.clear();
    this.sessionsById.clear();
    this.touched();
  }

  addSession(session: LivestreamSessionRecord): LivestreamSessionRecord {
    this.sessionsById.set(session.id, { ...session });
    this.touched();
    return { ...session };
  }

  getSession(id: string): LivestreamSessionRecord | undefined {
    const session = this.sessionsById.get(id);
    return session && { ...session };
  }

  sessions(): LivestreamSessionRecord[] {
    return [...this.sessionsById.values()].map((session) => ({ ...session }));
  }

  updateSession(id: string, patch: SessionPatch): LivestreamSessionRecord | undefined {
    const session = this.sessionsById.get(id);
    if (!session) return undefined;
    const next = { ...session, ...patch, id, livestream_id: session.livestream_id };
    this.sessionsById.set(id, next);
    this.touched();
    return { ...next };
  }
}
