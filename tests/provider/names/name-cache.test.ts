/** The names read by id, kept per app on this machine: merged on every write, in the user's cache folder by default. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { NameCache, nameDigest } from "../../../provider/names/name-cache";

const scope = { api: "https://api.cloudflare.com/client/v4", accountId: "023e105f4ecef8ad9ca31a8372d0c353", appId: "14a396e7-ca44-4937-bf1f-050a69118543" };
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "name-cache-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the names cache", () => {
  it("merges each save with the file as it is when it writes, not as it was when read", async () => {
    const [first, second] = [new NameCache(dir), new NameCache(dir)];
    expect(second.read(scope).size).toBe(0);
    first.save(scope, new Map([["a", nameDigest("stage-a")]]));
    second.save(scope, new Map([["b", nameDigest("stage-b")], ["c", nameDigest("")]]));
    expect([...new NameCache(dir).read(scope)]).toEqual([["a", nameDigest("stage-a")], ["b", nameDigest("stage-b")], ["c", ""]]);
    expect(fs.readdirSync(dir)).toHaveLength(1); // no temporary file left behind
  });

  it("keeps one file per app, in any case of its id", async () => {
    new NameCache(dir).save(scope, new Map([["a", nameDigest("x")]]));
    expect(new NameCache(dir).read({ ...scope, appId: scope.appId.toUpperCase() }).get("a")).toBe(nameDigest("x"));
    expect(new NameCache(dir).read({ ...scope, appId: "7b2d7a35-1b1e-4c3f-9d2a-0e5f6a7b8c9d" }).size).toBe(0);
  });

  it("never fails a save it cannot write, and reads nothing from there", async () => {
    const notADirectory = path.join(dir, "file");
    fs.writeFileSync(notADirectory, "");
    const cache = new NameCache(notADirectory);
    expect(() => cache.save(scope, new Map([["a", nameDigest("x")]]))).not.toThrow();
    expect(cache.read(scope).size).toBe(0);
  });

  it("lives under $XDG_CACHE_HOME/pulumi-realtimekit/app-names by default", async () => {
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = dir;
    try {
      new NameCache().save(scope, new Map([["a", nameDigest("x")]]));
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
    expect(fs.readdirSync(path.join(dir, "pulumi-realtimekit", "app-names"))).toHaveLength(1);
  });
});
