/** One create of a name in an app at a time on one machine, through a lock file that a killed holder cannot leave behind for good. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { withNameLock } from "../../provider/name-lock";

const key = () => `test-${process.pid}-${Math.random()}`;
const lockFile = (k: string) => path.join(os.tmpdir(), "pulumi-realtimekit-name-locks", `${createHash("sha256").update(k).digest("hex").slice(0, 32)}.lock`);
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

  it("takes over a lock whose holder was killed", async () => {
    const k = key();
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    fs.mkdirSync(path.dirname(lockFile(k)), { recursive: true });
    fs.writeFileSync(lockFile(k), `${dead.stdout.trim()}:gone`);
    expect(await withNameLock(k, async () => "ran")).toBe("ran");
    expect(fs.existsSync(lockFile(k))).toBe(false);
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
});
