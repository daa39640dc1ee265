import type { LivestreamRecord, LivestreamSessionRecord } from "./records";

/** Fields that may change after creation; the id never does. */
export type LivestreamPatch = Partial<Omit<LivestreamRecord, "id">>;
export type SessionPatch = Partial<Omit<LivestreamSessionRecord, "id" | "livestream_id">>;

/**
 * Where the emulator keeps livestreams and their sessions. Routes and the control plane see only this interface, so a
 * backend (memory or file) is chosen once at start-up, as in fake-gcs-server.
 *
 * Methods are synchronous on purpose: the emulator is one process, so every change is complete (and, for the file
 * store, on disk) before the response that reports it is written, and concurrent requests cannot interleave writes.
 * Every method returns copies; changing a returned object changes nothing stored.
 */
export interface LivestreamStore {
  /** Stores a new livestream as given (the caller mints ids and keys). */
  create(record: LivestreamRecord): LivestreamRecord;
  get(id: string): LivestreamRecord | undefined;
  /** Every livestream, oldest first (insertion order, which breaks ties between equal `created_at`). */
  list(): LivestreamRecord[];
  /** Applies the patch; undefined when no such livestream. */
  update(id: string, patch: LivestreamPatch): LivestreamRecord | undefined;
  /** Removes a livestream and its sessions; false when no such livestream. */
  remove(id: string): boolean;
  /** Empties the store. */
  reset(): void;
  addSession(session: LivestreamSessionRecord): LivestreamSessionRecord;
  getSession(id: string): LivestreamSessionRecord | undefined;
  /** Every session, oldest first. */
  sessions(): LivestreamSessionRecord[];
  updateSession(id: string, patch: SessionPatch): LivestreamSessionRecord | undefined;
}

/** The whole content of a store, as the file store writes it. */
export interface StoreSnapshot {
  livestreams: LivestreamRecord[];
  sessions: LivestreamSessionRecord[];
}

/** The memory backend; also the base of the file backend, which persists after every change via `changed()`. */
export class MemoryStore implements LivestreamStore {
  private readonly livestreams = new Map<string, LivestreamRecord>();
  private readonly sessionsById = new Map<string, LivestreamSessionRecord>();

  constructor(initial?: StoreSnapshot) {
    for (const record of initial?.livestreams ?? []) this.livestreams.set(record.id, { ...record });
    for (const session of initial?.sessions ?? []) this.sessionsById.set(session.id, { ...session });
  }

  /** Called after every change; the memory backend has nothing to do. */
  protected changed(): void {}

  protected snapshot(): StoreSnapshot {
    return { livestreams: this.list(), sessions: this.sessions() };
  }

  create(record: LivestreamRecord): LivestreamRecord {
    this.livestreams.set(record.id, { ...record });
    this.changed();
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
    const next = { ...record, ...patch, id };
    this.livestreams.set(id, next);
    this.changed();
    return { ...next };
  }

  remove(id: string): boolean {
    if (!this.livestreams.delete(id)) return false;
    for (const session of this.sessionsById.values()) {
      if (session.livestream_id === id) this.sessionsById.delete(session.id);
    }
    this.changed();
    return true;
  }

  reset(): void {
    this.livestreams.clear();
    this.sessionsById.clear();
    this.changed();
  }

  addSession(session: LivestreamSessionRecord): LivestreamSessionRecord {
    this.sessionsById.set(session.id, { ...session });
    this.changed();
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
    this.changed();
    return { ...next };
  }
}
