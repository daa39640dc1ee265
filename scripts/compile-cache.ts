/**
 * Keeps Node's compile cache of the runs here (pulumiEnv's NODE_COMPILE_CACHE) bounded. Node keys an entry by the
 * module's path, and the tests load packages installed in temporary folders, new paths every run: unpruned, the folder
 * grew by about 25 MB a run of `npm test`. Before each npm script that runs Pulumi (scripts/prepare-pulumi-run.sh), a
 * cache over its cap loses the entries written longest ago, down to half of it. Losing one costs little: the next
 * process that loads its module compiles it once and writes it again.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compileCacheDir } from "./pulumi-env";

/** A few runs' worth of entries. */
export const CAP_BYTES = 128 * 1024 * 1024;

/** Prunes `dir` (every Node version's folder in it) when it holds more than `cap` bytes. */
export function pruneCompileCache(dir = compileCacheDir(), cap = CAP_BYTES): { removed: number; bytesLeft: number } {
  if (!fs.existsSync(dir)) return { removed: 0, bytesLeft: 0 };
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).flatMap((e) => {
    const file = path.join(e.parentPath, e.name);
    try {
      const { size, mtimeMs } = fs.statSync(file);
      return [{ file, size, mtimeMs }];
    } catch {
      return []; // gone meanwhile (another run's Node rewrote it)
    }
  });
  let bytesLeft = entries.reduce((sum, e) => sum + e.size, 0);
  if (bytesLeft <= cap) return { removed: 0, bytesLeft };
  let removed = 0;
  for (const entry of entries.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
    if (bytesLeft <= cap / 2) break;
    fs.rmSync(entry.file, { force: true });
    bytesLeft -= entry.size;
    removed++;
  }
  return { removed, bytesLeft };
}

// `node dist/scripts/compile-cache.js [cap in bytes]`
if (require.main === module) pruneCompileCache(compileCacheDir(), Number(process.argv[2] ?? CAP_BYTES));
