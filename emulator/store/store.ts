/** The store interface: what the API and the control plane may ask of a backend (memory-store.ts, file-store.ts). */
import type { LivestreamRecord, LivestreamSessionRecord } from "./records";

/** Fields that may change after creation; the id and the account and app it belongs to never do. */
export type LivestreamPatch = Partial<Omit<LivestreamRecord, "id" | "account_id" | "app_id">>;
export type SessionPatch = Partial<Omit<LivestreamSessionRecord, "id" | "livestream_id">>;

/**
 * Where the emulator keeps livestreams and their sessions, of every account and app (the API narrows that down to one
 * app). Routes and the control plane see only this interface, so a backend is chosen once at start-up, as in
 * fake-gcs-server.
 *
 * Methods are synchronous on purpose: the emulator is one process, so every change is complete (and, for the file
 * store, on disk) before the response that reports it is written, and concurrent requests cannot interleave writes.
 * Every method returns copies; changing a returned object changes nothing stored.
 */
export interface LivestreamStore {
  /** Stores a new livestream as given (the caller mints ids and keys). */
  create(record: LivestreamRecord): LivestreamRecord;
  get(id: string): LivestreamRecord | undefined;
  /** Every livestream, in insertion order (which breaks ties between equal `created_at`). */
  list(): LivestreamRecord[];
  /** Applies the patch; undefined when no such livestream. */
  update(id: string, patch: LivestreamPatch): LivestreamRecord | undefined;
  /** Removes a livestream and its sessions; false when no such livestream. */
  remove(id: string): boolean;
  /** Empties the store. */
  reset(): void;
  addSession(session: LivestreamSessionRecord): LivestreamSessionRecord;
  getSession(id: string): LivestreamSessionRecord | undefined;
  /** Every session, in insertion order. */
  sessions(): LivestreamSessionRecord[];
  updateSession(id: string, patch: SessionPatch): LivestreamSessionRecord | undefined;
  /** A number that changes with every change, so that what a caller derived from the store can be kept until then. */
  revision(): number;
}

/** The whole content of a store, as the file store writes it. */
export interface StoreSnapshot {
  livestreams: LivestreamRecord[];
  sessions: LivestreamSessionRecord[];
}
