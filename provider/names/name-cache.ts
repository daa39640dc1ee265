/**
 * The names of livestreams that Cloudflare's list left out, kept on this machine once read by id (or
 * created here), so that each is read at most once per machine rather than once per provider
 * process: the API cannot rename, so an entry never goes stale. One file per app of each API (its base URL: an
 * emulator's ids say nothing of another's, or of Cloudflare's) in the user's cache folder, holding ids
 * and a SHA-256 of each name, never a name (a name may be a Pulumi secret) and never a stream key.
 * Two processes may write at once: each merges what it learnt into the file as it is then, writes
 * a file of its own and renames it over, so a reader sees one whole file or the other; at worst one
 * process's entries are lost to the other's rename, and those livestreams are read again. A file
 * that cannot be read, or is not what this writes, counts as empty and is replaced at the next write.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { AppScope } from "../http/client";
import { userCacheDir } from "./user-cache";

/** An app as the cache files it: of which API (its base URL), since livestream ids are one API's own. */
export type CacheScope = AppScope & { api: string };

/** A livestream's name as the cache holds it: the SHA-256 of the name in hex, or "" for a livestream with no name. */
export type NameDigest = string;

interface CacheFile {
  version: 2;
  api: string;
  accountId: string;
  appId: string;
  digests: Record<string, NameDigest>;
}

export function nameDigest(name: string): NameDigest {
  return name === "" ? "" : createHash("sha256").update(name, "utf8").digest("hex");
}

export class NameCache {
  /** `dir`: where the files go; by default the user's cache folder (tests point it at a temporary one). */
  constructor(private readonly dir: string = userCacheDir("app-names")) {}

  /** The digests known for the app's livestreams, by id; empty when the file is missing or unreadable. */
  read(scope: CacheScope): Map<string, NameDigest> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file(scope), "utf8"));
    } catch {
      return new Map();
    }
    return isCacheFile(parsed, scope) ? new Map(Object.entries(parsed.digests)) : new Map();
  }

  /** Adds `learnt` to the app's file. Never throws: a cache that cannot be written only costs reads later. */
  save(scope: CacheScope, learnt: ReadonlyMap<string, NameDigest>): void {
    const file = this.file(scope);
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const digests = Object.fromEntries([...this.read(scope), ...learnt]);
      const content: CacheFile = { version: 2, api: scope.api, accountId: scope.accountId, appId: scope.appId, digests };
      fs.writeFileSync(temporary, JSON.stringify(content), { mode: 0o600 });
      fs.renameSync(temporary, file);
    } catch {
      // Whatever of it was written goes; where nothing could be, neither can this, and that is fine too.
      fs.rm(temporary, { force: true }, () => undefined);
    }
  }

  private file({ api, accountId, appId }: CacheScope): string {
    const key = createHash("sha256").update(`${api} ${accountId}/${appId.toLowerCase()}`).digest("hex").slice(0, 32);
    return path.join(this.dir, `${key}.json`);
  }
}

function isCacheFile(value: unknown, { api, accountId, appId }: CacheScope): value is CacheFile {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<CacheFile>;
  if (file.version !== 2 || file.api !== api || file.accountId !== accountId || file.appId?.toLowerCase() !== appId.toLowerCase()) return false;
  if (typeof file.digests !== "object" || file.digests === null || Array.isArray(file.digests)) return false;
  return Object.values(file.digests).every((digest) => typeof digest === "string" && /^([0-9a-f]{64})?$/.test(digest));
}
