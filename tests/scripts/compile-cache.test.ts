/**
 * Node's compile cache of the runs here (scripts/compile-cache.ts) stays bounded: Node keys an entry by the module's
 * path, and the tests load packages installed in temporary folders, new paths every run.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pruneCompileCache } from "../../scripts/compile-cache";
import { compileCacheDir, pulumiEnv, root } from "../../scripts/pulumi-env";

const KB = 1024;

/** A cache folder as Node lays it out (one folder per Node version), with entries of `kb` KB written `ageS` seconds ago. */
function cacheWith(entries: { name: string; kb: number; ageS: number; version?: string }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compile-cache-"));
  for (const { name, kb, ageS, version = "v22.23.3-x64-9de703df-0" } of entries) {
    fs.mkdirSync(path.join(dir, version), { recursive: true });
    const file = path.join(dir, version, name);
    fs.writeFileSync(file, Buffer.alloc(kb * KB));
    const at = new Date(Date.now() - ageS * 1000);
    fs.utimesSync(file, at, at);
  }
  return dir;
}

const left = (dir: string) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();

describe("the compile cache of the runs here", () => {
  it("keeps everything while it holds no more than its cap", () => {
    const dir = cacheWith([{ name: "a", kb: 40, ageS: 900 }, { name: "b", kb: 60, ageS: 10 }]);
    expect(pruneCompileCache(dir, 100 * KB)).toEqual({ removed: 0, bytesLeft: 100 * KB });
    expect(left(dir)).toEqual(["a", "b"]);
  });

  it("over its cap, removes the entries written longest ago, of any Node version, down to half of it", () => {
    const dir = cacheWith([
      { name: "old-node", kb: 30, ageS: 5000, version: "v22.1.0-x64-00000000-0" },
      { name: "oldest", kb: 30, ageS: 4000 },
      { name: "older", kb: 30, ageS: 3000 },
      { name: "newer", kb: 30, ageS: 20 },
      { name: "newest", kb: 30, ageS: 10 },
    ]);
    expect(pruneCompileCache(dir, 120 * KB)).toEqual({ removed: 3, bytesLeft: 60 * KB });
    expect(left(dir)).toEqual(["newer", "newest"]);
  });

  it("is a folder that may not exist yet", () => {
    expect(pruneCompileCache(path.join(os.tmpdir(), "no-such-cache"), KB)).toEqual({ removed: 0, bytesLeft: 0 });
  });

  it("is the folder pulumiEnv gives the runs' Node processes, under the CLI cache, and is pruned before every npm script that runs Pulumi", () => {
    expect(pulumiEnv(os.tmpdir()).NODE_COMPILE_CACHE).toBe(compileCacheDir());
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "cli-cache-"));
    fs.mkdirSync(path.join(cache, "node-compile-cache", "v22"), { recursive: true });
    fs.writeFileSync(path.join(cache, "node-compile-cache", "v22", "big"), Buffer.alloc(KB));
    const run = spawnSync(process.execPath, [path.join(root, "dist", "scripts", "compile-cache.js"), "512"], { env: { ...process.env, PULUMI_CLI_CACHE: cache }, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(left(path.join(cache, "node-compile-cache"))).toEqual([]);
    expect(fs.readFileSync(path.join(root, "scripts", "prepare-pulumi-run.sh"), "utf8")).toMatch(/^node "\$root\/dist\/scripts\/compile-cache\.js"$/m);
  });
});
