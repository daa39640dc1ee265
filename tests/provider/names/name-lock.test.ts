/**
 * One create of a name in an app at a time on one machine, through a lock file that a killed holder
 * cannot leave behind for good; and the mark of a create in flight, which only a known outcome removes.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nameLockKey, withNameLock, withNameLocks } from "../../../provider/names/name-lock";

const key = () => `test-${process.pid}-${Math.random()}`;
// The lock folder is the user's cache folder's (as the names cache's), whatever TMPDIR says: set apart for this file.
const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), "rtk-name-lock-test-"));
process.env.XDG_CACHE_HOME = cacheHome;
const LOCK_DIR = path.join(cacheHome, "pulumi-realtimekit", "name-locks");
const lockFile = (k: string) => path.join(LOCK_DIR, `${createHash("sha256").update(k).digest("hex").slice(0, 32)}.lock`);
afterAll(() => fs.rmSync(cacheHome, { recursive: true, force: true }));
// The compiled lock, for a second process (npm test builds first).
const compiledLock = path.resolve(__dirname, "../../../dist/provider/names/name-lock.js");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the name lock", () => {
  it("runs holders of one name one after the other, and of two names side by side", async () => {
    const [a, b] = [key(), key()];
    const events: string[] = [];
    const hold = (k: string, label: string) => withNameLock(k, async () => {
      events.push(`${label} in`);
      await sleep(100);
      events.push(`${label} out`);
    });
    await Promise.all([hold(a, "1"), hold(a, "2")]);
    expect(events).toEqual(["1 in", "1 out", "2 in", "2 out"]);
    events.length = 0;
    await Promise.all([hold(a, "1"), hold(b, "2")]);
    expect(events.slice(0, 2).sort()).toEqual(["1 in", "2 in"]);
  });

  it("tells the next holder when the name was last created here", async () => {
    const k = key();
    expect(await withNameLock(k, async (held) => held.createdHereAt)).toBeUndefined();
    const before = Date.now();
    await withNameLock(k, async (held) => held.created());
    expect(await withNameLock(k, async (held) => held.createdHereAt)).toBeGreaterThanOrEqual(before);
  });

  it("tells the next holder which livestreams the name's creates here made, with each create's stamp and process", async () => {
    const k = key();
    expect(await withNameLock(k, async (held) => held.madeHere)).toEqual([]);
    await withNameLock(k, async (held) => held.created({ livestreamId: "ls-1", createStartedAt: "2026-12-07T00:00:00.000Z" }));
    await withNameLock(k, async (held) => held.created({ livestreamId: "ls-2" }));
    expect(await withNameLock(k, async (held) => held.madeHere)).toEqual([{ livestreamId: "ls-1", createStartedAt: "2026-12-07T00:00:00.000Z", pid: process.pid }, { livestreamId: "ls-2", pid: process.pid }]);
  });

  it("holds several names at once, taken in one order, so that two holders of overlapping names finish", async () => {
    const [a, b] = [key(), key()];
    const both = (keys: string[]) => withNameLocks(keys, async (held) => [...held.keys()].sort());
    expect(await Promise.all([both([a, b]), both([b, a, b])])).toEqual([[a, b].sort(), [a, b].sort()]);
  });

  it("takes over a lock whose holder was killed", async () => {
    const k = key();
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    fs.mkdirSync(path.dirname(lockFile(k)), { recursive: true });
    fs.writeFileSync(lockFile(k), `${dead.stdout.trim()}:gone`);
    expect(await withNameLock(k, async () => "ran")).toBe("ran");
    expect(fs.existsSync(lockFile(k))).toBe(false);
  });

  it("lets one holder in when a slow taker of a killed holder's lock resumes after another took it over", async () => {
    if (!fs.existsSync(compiledLock)) throw new Error(`${compiledLock} is missing: run 'npm run build' (npm test does)`);
    const k = key();
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    fs.mkdirSync(path.dirname(lockFile(k)), { recursive: true });
    fs.writeFileSync(lockFile(k), `${dead.stdout.trim()}:gone`);
    // The slow taker, a process stalled (a busy machine) right after it read the killed owner, and after each rename of
    // the lock file, so that the others act in between: it says when.
    const stall = `const fs = require("node:fs"); const nap = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 800);
      const [read, rename] = [fs.readFileSync, fs.renameSync]; let first = true;
      fs.readFileSync = function (f, ...r) { const t = read.call(this, f, ...r); if (first && String(f).endsWith(".lock")) { first = false; console.log("read"); nap(); } return t; };
      fs.renameSync = function (f, ...r) { rename.call(this, f, ...r); if (String(f).endsWith(".lock")) { console.log("renamed"); nap(); } };
      require(${JSON.stringify(compiledLock)}).withNameLock(${JSON.stringify(k)}, async () => console.log("slow in"));`;
    const slow = spawn(process.execPath, ["-e", stall], { env: process.env });
    const said = (word: string) => new Promise<void>((resolve) => slow.stdout.on("data", (d: Buffer) => d.toString().includes(word) && resolve()));
    const spans: [number, number][] = [];
    const hold = (ms: number) => withNameLock(k, async () => {
      const from = Date.now();
      await sleep(ms);
      spans.push([from, Date.now()]);
    });
    await said("read");
    const first = hold(2500); // takes the killed holder's lock over while the slow taker stalls
    await Promise.race([said("renamed"), sleep(1200)]);
    const third = hold(300);
    await Promise.all([first, third, new Promise((resolve) => slow.on("exit", resolve))]);
    const [a, b] = spans.sort((x, y) => x[0] - y[0]);
    expect(b[0]).toBeGreaterThanOrEqual(a[1]);
  });

  it("takes over a lock file that names no process (empty, as a crash or a full disk could leave one)", async () => {
    const k = key();
    fs.mkdirSync(path.dirname(lockFile(k)), { recursive: true });
    for (const content of ["", ":", "0:zero", "-1:group", "garbage"]) {
      fs.writeFileSync(lockFile(k), content);
      expect(await withNameLock(k, async () => "ran")).toBe("ran");
    }
  });

  it("is one lock for processes of one user whatever their TMPDIR: a holder with another TMPDIR makes this one wait", async () => {
    if (!fs.existsSync(compiledLock)) throw new Error(`${compiledLock} is missing: run 'npm run build' (npm test does)`);
    const k = key();
    const otherTmp = fs.mkdtempSync(path.join(os.tmpdir(), "rtk-other-tmp-"));
    const finished = path.join(otherTmp, "holder-finished");
    // The holder writes `finished` as the last thing it does while it holds the lock.
    const holder = spawn(process.execPath, ["-e", `require(${JSON.stringify(compiledLock)}).withNameLock(${JSON.stringify(k)}, async () => {
      console.log("held");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      require("node:fs").writeFileSync(${JSON.stringify(finished)}, "");
    });`], { env: { ...process.env, TMPDIR: otherTmp }, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise((resolve) => holder.stdout.once("data", resolve));
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    const holderHadFinished = await withNameLock(k, async () => fs.existsSync(finished));
    await exited;
    fs.rmSync(otherTmp, { recursive: true, force: true });
    expect(holderHadFinished).toBe(true);
  });

  it("keys a name by the API and the app, so two emulators never wait for each other and one app id is one app in any case", () => {
    const scope = { api: "https://api.cloudflare.com/client/v4", accountId: "a", appId: "14a396e7-ca44-4937-bf1f-050a69118543" };
    expect(nameLockKey({ ...scope, api: "http://127.0.0.1:8787/client/v4" }, "show")).not.toBe(nameLockKey(scope, "show"));
    expect(nameLockKey({ ...scope, api: `${scope.api}/` }, "show")).toBe(nameLockKey(scope, "show"));
    expect(nameLockKey({ ...scope, appId: scope.appId.toUpperCase() }, "show")).toBe(nameLockKey(scope, "show"));
    expect(nameLockKey(scope, "Show")).not.toBe(nameLockKey(scope, "show"));
  });

  it("waits while a live process holds it", async () => {
    const k = key();
    fs.mkdirSync(path.dirname(lockFile(k)), { recursive: true });
    fs.writeFileSync(lockFile(k), `${process.pid}:another`);
    let ran = false;
    const waiting = withNameLock(k, async () => (ran = true));
    await sleep(300);
    expect(ran).toBe(false);
    fs.rmSync(lockFile(k));
    await waiting;
    expect(ran).toBe(true);
  });

  it("shows every later holder a create in flight from its first POST, and removes the mark only once it was created or made nothing", async () => {
    const k = key();
    const before = Date.now();
    const [first, again] = await withNameLock(k, async (held) => {
      expect(held.inFlight).toBeUndefined();
      const mark = held.mark({ settleMs: 5000, createStartedAt: "2026-12-06T20:00:00.000Z" });
      const seen: unknown[] = [];
      for (const _post of [1, 2]) {
        mark.posting();
        seen.push(JSON.parse(fs.readFileSync(lockFile(k).replace(/\.lock$/, ".posting"), "utf8")));
        await sleep(20);
      }
      return seen as { since: number; lastPostAt: number }[];
    });
    expect(await withNameLock(k, async (held) => held.inFlight)).toEqual(again);
    expect(first).toEqual({ since: expect.any(Number), lastPostAt: first.since, settleMs: 5000, pid: process.pid, createStartedAt: "2026-12-06T20:00:00.000Z" });
    expect(first.since).toBeGreaterThanOrEqual(before);
    // Sent once more: the first POST's time stays, the last one's moves.
    expect(again.since).toBe(first.since);
    expect(again.lastPostAt).toBeGreaterThan(first.lastPostAt);

    await withNameLock(k, async (held) => held.created());
    expect(await withNameLock(k, async (held) => [held.inFlight, held.createdHereAt])).toEqual([undefined, expect.any(Number)]);
    await withNameLock(k, async (held) => held.mark({ settleMs: 5000 }).posting());
    await withNameLock(k, async (held) => held.notCreated());
    expect(await withNameLock(k, async (held) => held.inFlight)).toBeUndefined();
  });

  it("keeps the mark of a process killed while it held the lock, for the next holder", async () => {
    if (!fs.existsSync(compiledLock)) throw new Error(`${compiledLock} is missing: run 'npm run build' (npm test does)`);
    const k = nameLockKey({ api: "http://127.0.0.1:1/client/v4", accountId: "a", appId: `b-${process.pid}-${Math.random()}` }, "stage");
    const script = `require(${JSON.stringify(compiledLock)}).withNameLock(${JSON.stringify(k)}, async (held) => {
      held.mark({ settleMs: 30000 }).posting();
      process.kill(process.pid, "SIGKILL");
      await new Promise(() => undefined);
    });`;
    const killed = spawnSync(process.execPath, ["-e", script], { env: process.env });
    expect(killed.signal).toBe("SIGKILL");
    expect(fs.existsSync(lockFile(k))).toBe(true);
    const inFlight = await withNameLock(k, async (held) => held.inFlight);
    expect(inFlight).toMatchObject({ pid: killed.pid, settleMs: 30000 });
  });
});
