/**
 * Which stack of this machine took each adopted livestream, kept in the user's cache folder (user-cache.ts) beside
 * the name locks: one file per livestream, created whole or not at all, so the first claim holds. realtimekit-import
 * claims what it writes for its stack, and the provider's adopt claims what it takes for the resource's stack; both
 * refuse a livestream another stack claimed, so that one stream key never goes to two stacks of one machine,
 * whichever door wrote the adoption and whether or not `pulumi up` ran in between. A claim goes when its stack's
 * resource is deleted, or with `realtimekit-import --release` for what an import wrote and its stack never took.
 * A stack is `<project>/<stack>`, as a resource's URN names it.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { userCacheDir } from "./user-cache";

export interface AdoptionClaim {
  stack: string;
  by: "realtimekit-import" | "pulumi up";
  /** When, ISO 8601. */
  at: string;
}

interface Stored extends AdoptionClaim {
  api: string;
  livestreamId: string;
}

const dir = () => userCacheDir("adoptions");
const normal = (api: string, id: string) => ({ api: api.replace(/\/+$/, ""), livestreamId: id.toLowerCase() });
const fileOf = (api: string, id: string) => {
  const { api: a, livestreamId } = normal(api, id);
  return path.join(dir(), `${createHash("sha256").update(`${a} ${livestreamId}`).digest("hex").slice(0, 32)}.json`);
};

function read(file: string): Stored | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Stored;
  } catch {
    return undefined;
  }
}

const claimOf = ({ stack, by, at }: Stored): AdoptionClaim => ({ stack, by, at });

/** Claims livestream `id` of `api` for `claim.stack`; answers another stack's claim that holds it, if any. */
export function claimAdoption(api: string, id: string, claim: AdoptionClaim): AdoptionClaim | undefined {
  fs.mkdirSync(dir(), { recursive: true });
  const file = fileOf(api, id);
  const aside = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.new`;
  fs.writeFileSync(aside, JSON.stringify({ ...normal(api, id), ...claim } satisfies Stored));
  try {
    // Linked, not written in place: a reader sees a whole claim or none, and of two claimants one wins.
    fs.linkSync(aside, file);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const held = read(file);
    if (held === undefined || held.stack !== claim.stack) return held && claimOf(held);
    if (held.by !== claim.by) fs.renameSync(aside, file); // its own stack's: now by `up`, not only written
    return undefined;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** The claims of the livestreams `ids` of `api`, by id. */
export function adoptionClaims(api: string, ids: readonly string[]): Map<string, AdoptionClaim> {
  const claims = new Map<string, AdoptionClaim>();
  for (const id of ids) {
    const held = read(fileOf(api, id));
    if (held) claims.set(id, claimOf(held));
  }
  return claims;
}

/** Lets go of livestream `id`: the resource that held it is gone from its stack. */
export function releaseAdoption(api: string, id: string): void {
  fs.rmSync(fileOf(api, id), { force: true });
}

/** Lets go of what realtimekit-import claimed for `stack` that its state (`inState`) does not hold; answers those ids. */
export function releaseImportClaims(api: string, stack: string, inState: ReadonlySet<string>): string[] {
  const files = fs.existsSync(dir()) ? fs.readdirSync(dir()).filter((f) => f.endsWith(".json")) : [];
  const released: string[] = [];
  for (const f of files) {
    const held = read(path.join(dir(), f));
    if (!held || held.api !== normal(api, "").api || held.stack !== stack || held.by !== "realtimekit-import" || inState.has(held.livestreamId)) continue;
    fs.rmSync(path.join(dir(), f), { force: true });
    released.push(held.livestreamId);
  }
  return released.sort();
}
