/**
 * One create of a name in an app at a time on this machine. Two provider processes of one update
 * (two explicit providers of one app in Pulumi YAML or Go, or two stacks updated at once) each list
 * the app before the other's create lands; without this both would post the name, a duplicate the
 * API cannot delete. It is held from the last look at the app's names through the POST, as a file
 * in the system's temporary folder that holds its owner's pid: one left by a killed process is
 * taken over. Different names never wait for each other. Beside it, the time the name was last
 * created on this machine tells the next holder whether its list of the app is out of date.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const LOCK_DIR = path.join(os.tmpdir(), "pulumi-realtimekit-name-locks");
const POLL_MS = 50;

/** What the lock's holder learns and reports: when the name was last created on this machine, and that it created it now. */
export interface NameLockHeld {
  createdHereAt?: number;
  created(): void;
}

export async function withNameLock<T>(key: string, work: (held: NameLockHeld) => Promise<T>): Promise<T> {
  fs.mkdirSync(LOCK_DIR, { recursive: true });
  const base = path.join(LOCK_DIR, createHash("sha256").update(key).digest("hex").slice(0, 32));
  const [file, stamp] = [`${base}.lock`, `${base}.created`];
  const mine = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  while (!take(file, mine)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  try {
    const last = Number(read(stamp));
    return await work({ createdHereAt: Number.isFinite(last) && last > 0 ? last : undefined, created: () => fs.writeFileSync(stamp, String(Date.now())) });
  } finally {
    if (read(file) === mine) fs.rmSync(file, { force: true });
  }
}

/** Creates the lock file, or takes it over from a process that no longer runs. */
function take(file: string, mine: string): boolean {
  try {
    fs.writeFileSync(file, mine, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const owner = read(file);
  if (owner === undefined || running(Number(owner.split(":")[0]))) return false;
  // Renamed away first, so that of two processes taking over one stale lock only one removes it.
  const stale = `${file}.${mine}.stale`;
  try {
    fs.renameSync(file, stale);
  } catch {
    return false;
  }
  if (read(stale) !== owner) {
    fs.renameSync(stale, file); // another process took it over and holds it now: give it back
    return false;
  }
  fs.rmSync(stale, { force: true });
  return false;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
