/**
 * One create of a name in an app at a time on this machine. Two provider processes of one update
 * (two explicit providers of one app in Pulumi YAML or Go, or two stacks updated at once) each list
 * the app before the other's create lands; without this both would post the name, a duplicate the
 * API cannot delete. It is held from the last look at the app's names through the POST, as a file
 * in the user's cache folder (user-cache.ts; not TMPDIR, which differs between shells) that holds its
 * owner's pid: one left by a killed process is taken over. Different names never wait for each other.
 *
 * Beside it, what the next holder needs to know whether its list of the app is out of date: the
 * time the name was last created on this machine, and a mark written before each POST and removed
 * only once the outcome is known (created, or nothing created). A create that failed without
 * knowing, or whose process was killed, leaves its mark: Cloudflare may still commit that POST, so
 * the next holder lists the app again, until the POST's settle window has passed, before it posts.
 * And which livestreams of the name creates of this machine made, with each create's `createStartedAt`:
 * the engine writes a create's state only after the lock is released, so recovery, which holds the
 * lock, learns here that a livestream no state holds yet is another create's, not its interrupted one's.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { userCacheDir } from "./user-cache";

const POLL_MS = 50;

/** A create of the name whose POST may have reached Cloudflare and whose outcome nobody has learned. */
export interface InFlight {
  /** When its first POST and its last were about to go out, in this machine's clock. */
  since: number;
  lastPostAt: number;
  /** The settle window of the process that posted: Cloudflare may commit its POST until `lastPostAt + settleMs`. */
  settleMs: number;
  /** The process that posted; it may be gone (a killed process's mark counts the same). */
  pid: number;
  /** The create's `createStartedAt` input, which tells recovery which stack's pending create posted. */
  createStartedAt?: string;
}

/** What a create tells the lock as it goes: before each POST, and when nothing it sent can have made a livestream. */
export interface PostMark {
  posting(): void;
  notCreated(): void;
}

/** A livestream a create of this machine made, and that create's `createStartedAt` input (undefined for an older provider's). */
export interface MadeHere {
  livestreamId: string;
  createStartedAt?: string;
  /** The process that made it (recorded by the lock): while it runs, its engine may still be saving the livestream. */
  pid?: number;
}

/** What the lock's holder learns and reports. */
export interface NameLockHeld {
  /** When the name was last created on this machine. */
  createdHereAt?: number;
  /** A create of the name that may still be committing. */
  inFlight?: InFlight;
  /** The livestreams of the name this machine's creates made, oldest first. */
  madeHere: MadeHere[];
  /** The mark of this holder's create. */
  mark(about: Pick<InFlight, "settleMs" | "createStartedAt">): PostMark;
  /** The name was created (by this holder, or found made by a create in flight): stamped, recorded, and the mark removed. */
  created(made?: Omit<MadeHere, "pid">): void;
  /** Nothing that posted the name made a livestream: the mark is removed. */
  notCreated(): void;
}

/**
 * The lock of one name in one app of one API: every create and every recovery of that name takes this one. App ids are
 * UUIDs, one app in any case; two emulators (two base URLs) are two APIs and never wait for each other.
 */
export function nameLockKey({ api, accountId, appId }: { api: string; accountId: string; appId: string }, name: string): string {
  return `${api.replace(/\/+$/, "")} ${accountId}/${appId.toLowerCase()}/${name}`;
}

/** Until when (this machine's clock) a create in flight may still be committed, with this reader's settle window if longer. */
export function settlesAt(inFlight: InFlight, settleMs = 0): number {
  return inFlight.lastPostAt + Math.max(inFlight.settleMs, settleMs);
}

export async function withNameLock<T>(key: string, work: (held: NameLockHeld) => Promise<T>): Promise<T> {
  const dir = userCacheDir("name-locks");
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, createHash("sha256").update(key).digest("hex").slice(0, 32));
  const [file, stamp, marked, journal] = [`${base}.lock`, `${base}.created`, `${base}.posting`, `${base}.made`];
  const mine = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  while (!take(file, mine)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  try {
    const last = Number(read(stamp));
    const notCreated = () => fs.rmSync(marked, { force: true });
    return await work({
      createdHereAt: Number.isFinite(last) && last > 0 ? last : undefined,
      inFlight: readMark(marked),
      madeHere: readJournal(journal),
      mark: (about) => {
        let since: number | undefined;
        return {
          posting: () => {
            const now = Date.now();
            since ??= now;
            writeAtomically(marked, JSON.stringify({ since, lastPostAt: now, pid: process.pid, ...about } satisfies InFlight), mine);
          },
          notCreated,
        };
      },
      created: (made) => {
        // A line of its own even after a line a crash cut off, which the reader skips.
        if (made) fs.appendFileSync(journal, `\n${JSON.stringify({ ...made, pid: process.pid })}\n`);
        fs.writeFileSync(stamp, String(Date.now()));
        notCreated();
      },
      notCreated,
    });
  } finally {
    if (read(file) === mine) fs.rmSync(file, { force: true });
  }
}

/**
 * Holds the locks of several names at once (recovery's, for every name it may write), taken in one order so that two
 * holders of overlapping names never wait for each other.
 */
export async function withNameLocks<T>(keys: string[], work: (held: Map<string, NameLockHeld>) => Promise<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const held = new Map<string, NameLockHeld>();
  const next = async (i: number): Promise<T> => (i === sorted.length ? work(held) : withNameLock(sorted[i], async (h) => (held.set(sorted[i], h), next(i + 1))));
  return next(0);
}

/** The journal's records; a line cut off by a crash is skipped (its create's state, if written, says the rest). */
function readJournal(file: string): MadeHere[] {
  return (read(file) ?? "").split("\n").flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as MadeHere] : [];
    } catch {
      return [];
    }
  });
}

/** The mark, if any. Written whole (see writeAtomically); one that cannot be parsed still counts, from when it was written. */
function readMark(file: string): InFlight | undefined {
  const text = read(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as InFlight;
  } catch {
    const at = fs.statSync(file).mtimeMs;
    return { since: at, lastPostAt: at, settleMs: 0, pid: 0 };
  }
}

/** A reader sees the old content or the new, never half of it: the POST must not go out on a mark nobody can read. */
function writeAtomically(file: string, text: string, mine: string): void {
  const temporary = `${file}.${mine}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/**
 * Creates the lock file with its owner already in it (written aside, then linked: a reader never sees it empty), or
 * removes it when it names a process that no longer runs (a foreign or damaged one names none), to link anew on the
 * next poll. Only under a lock of its own (taken over the same way, should a remover be killed), and only while it
 * still holds the owner read before: a remover that read the killed owner and then stalled must not touch the lock
 * another took over since (moving it aside, as this once did, let a third process in beside that holder).
 */
function take(file: string, mine: string): boolean {
  const written = `${file}.${mine}.new`;
  fs.writeFileSync(written, mine);
  try {
    fs.linkSync(written, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(written, { force: true });
  }
  const owner = read(file);
  if (owner === undefined || running(Number(owner.split(":")[0]))) return false;
  const remover = `${file}.remover`;
  if (!take(remover, mine)) return false;
  try {
    if (read(file) === owner) fs.rmSync(file, { force: true });
  } finally {
    if (read(remover) === mine) fs.rmSync(remover, { force: true });
  }
  return false;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Whether process `pid` of this machine still runs (one that cannot be asked about counts as running). */
export function running(pid: number): boolean {
  // 0 and negative numbers name process groups, which kill(…, 0) answers for: no owner.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
