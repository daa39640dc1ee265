/**
 * The folder this user's provider processes share on this machine: the names cache and the name locks live in it.
 * Not the temporary folder: TMPDIR differs between shells and tools of one user (a sandbox, a CI agent, a
 * `nix-shell`), and two processes that did not share the name locks would both post one name.
 */
import * as os from "node:os";
import * as path from "node:path";

/** `$XDG_CACHE_HOME`, else the platform's cache folder, else the system's temporary folder; then `pulumi-realtimekit/<part>`. */
export function userCacheDir(part: string): string {
  let home = "";
  try {
    home = os.homedir();
  } catch {
    // No home folder (a system account): the temporary folder will do.
  }
  const base = process.env.XDG_CACHE_HOME
    || (!home ? os.tmpdir()
      : process.platform === "win32" ? process.env.LOCALAPPDATA || path.join(home, "AppData", "Local")
      : process.platform === "darwin" ? path.join(home, "Library", "Caches")
      : path.join(home, ".cache"));
  return path.join(base, "pulumi-realtimekit", part);
}
