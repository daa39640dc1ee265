/** The file backend of the store, and its state-file format. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { MemoryStore } from "./memory-store";
import { DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, type LivestreamRecord } from "./records";
import type { StoreSnapshot } from "./store";

/** The state file's format version. Version 1 files (livestreams without an account and app) are still read. */
const FORMAT_VERSION = 2;

interface StateFile extends StoreSnapshot {
  version: number;
}

/**
 * The memory store, read from a JSON file at start and written back after every change, so livestreams survive a
 * restart of the emulator (the state a `pulumi refresh` expects to find again).
 * Each write goes to a temporary file that is then renamed over the state file, so a crash mid-write leaves the old
 * state whole rather than a truncated file.
 */
export class FileStore extends MemoryStore {
  constructor(private readonly path: string) {
    super(readState(path));
    mkdirSync(dirname(path), { recursive: true });
    // Write once now, so an unwritable path fails at start rather than on the first change.
    this.changed();
  }

  protected override changed(): void {
    const state: StateFile = { version: FORMAT_VERSION, ...this.snapshot() };
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

/**
 * Reads a state file; a missing file is an empty store. A file that is not a state file stops the emulator rather than
 * being overwritten, since it may hold someone's livestreams.
 */
function readState(path: string): StoreSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  let state: unknown;
  try {
    state = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Emulator state file ${path} is not valid JSON (${(error as Error).message}); move it away to start empty.`);
  }
  if (!isStateFile(state)) {
    throw new Error(`Emulator state file ${path} is not a version 1 or ${FORMAT_VERSION} state file; move it away to start empty.`);
  }
  return state.version === 1 ? { ...state, livestreams: state.livestreams.map(withDefaultScope) } : state;
}

/** Version 1 kept no account or app: every livestream was reachable through any, so it goes to the defaults. */
function withDefaultScope(record: Omit<LivestreamRecord, "account_id" | "app_id">): LivestreamRecord {
  return { account_id: DEFAULT_ACCOUNT_ID, app_id: DEFAULT_APP_ID, ...record };
}

function isStateFile(value: unknown): value is StateFile {
  if (typeof value !== "object" || value === null) return false;
  const state = value as Partial<StateFile>;
  return (state.version === 1 || state.version === FORMAT_VERSION) && Array.isArray(state.livestreams) && Array.isArray(state.sessions);
}
