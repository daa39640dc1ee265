/**
 * scripts/demo-emulator.ts: the demo uses and stops only its own emulator, told by the state file it keeps, whatever
 * else answers on the port. It runs the built emulator (dist/emulator/cli.js), as the demo does.
 * @mostly-waiting: on emulators starting and stopping, and a blocked event loop (see tests/setup/waiting-lane.js).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { DemoEmulator, occupantOf } from "../../scripts/demo-emulator";
import { freePort } from "../../scripts/free-port";
import { root } from "../../scripts/pulumi-env";
import { rawServer, type RawServer } from "../helpers/raw-server";

jest.setTimeout(60_000);
const cli = path.join(root, "dist", "emulator", "cli.js");
let work: string;
let printed: string[];
const running: DemoEmulator[] = [];
const portOf = (url: string) => Number(new URL(url).port);

/** A demo's emulator in a folder of its own, as a checkout's `.work/demo`. */
function demoEmulator(name: string, port: number): DemoEmulator {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const emulator = new DemoEmulator(dir, port, cli);
  running.push(emulator);
  return emulator;
}

beforeAll(() => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' (npm test does)`);
});
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "demo-emulator-"));
  printed = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
});
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
  jest.restoreAllMocks();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("occupantOf", () => {
  it("tells nothing, an emulator and whose state it keeps, and another server apart", async () => {
    expect(await occupantOf(await freePort())).toEqual({ kind: "nothing" });
    const inMemory = await startEmulator();
    const other = await rawServer(404, "text/html", "<h1>Not Found</h1>");
    try {
      expect(await occupantOf(portOf(inMemory.url))).toEqual({ kind: "emulator", pid: process.pid, state: null });
      expect(await occupantOf(portOf(other.baseUrl))).toEqual({ kind: "other", answer: "GET /__emulator/identity answered 404" });
    } finally {
      await inMemory.close();
      await other.close();
    }
  });
});

describe("DemoEmulator", () => {
  it("starts its emulator on the preferred port, uses it again, and stops it", async () => {
    const port = await freePort();
    const emulator = demoEmulator("demo", port);
    expect(await emulator.ensure()).toBe(`http://127.0.0.1:${port}`);
    expect(await occupantOf(port)).toEqual({ kind: "emulator", pid: expect.any(Number), state: emulator.statePath });
    expect(await emulator.ensure()).toBe(`http://127.0.0.1:${port}`);
    expect(printed[1]).toBe(`emulator already running at http://127.0.0.1:${port}`);
    expect(await emulator.stop()).toBe(true);
    expect(await occupantOf(port)).toEqual({ kind: "nothing" });
    expect(await emulator.stop()).toBe(false);
  });

  it("moves to a free port when another checkout's emulator or another server holds the preferred one, and stops only its own", async () => {
    const other: RawServer = await rawServer(200, "text/plain", "hello");
    try {
      const otherPort = portOf(other.baseUrl);
      const first = demoEmulator("first", otherPort);
      const firstPort = portOf(await first.ensure());
      expect(firstPort).not.toBe(otherPort);
      expect(printed[0]).toBe(`port ${otherPort} is taken by a server that is not a RealtimeKit emulator (GET /__emulator/identity answered 200): this checkout's emulator starts on port ${firstPort} instead`);
      // It stays where it went: the stack's config points there.
      expect(await first.ensure()).toBe(`http://127.0.0.1:${firstPort}`);

      const second = demoEmulator("second", firstPort);
      const secondPort = portOf(await second.ensure());
      expect(printed).toContain(`port ${firstPort} is taken by the emulator keeping its state in ${first.statePath}, not this checkout's: this checkout's emulator starts on port ${secondPort} instead`);
      expect(await second.stop()).toBe(true);
      expect(await occupantOf(firstPort)).toEqual({ kind: "emulator", pid: expect.any(Number), state: first.statePath });
      expect(await first.stop()).toBe(true);
      expect((await occupantOf(otherPort)).kind).toBe("other");
    } finally {
      await other.close();
    }
  });

  it("starts afresh when its state file is gone, its data with it", async () => {
    const port = await freePort();
    const emulator = demoEmulator("demo", port);
    const url = await emulator.ensure();
    const seeded = await fetch(`${url}/__emulator/livestreams`, { method: "POST", body: "{}" });
    expect(seeded.status).toBe(201);
    fs.rmSync(emulator.statePath);
    expect(await emulator.ensure()).toBe(url);
    expect(await (await fetch(`${url}/__emulator/livestreams`)).json()).toEqual([]);
  });
});

describe("the demo's commands block on Pulumi (spawnSync) between asking the emulator", () => {
  it("still finds its emulator after its server closed the idle connection of the last question", async () => {
    const port = await freePort();
    const emulator = demoEmulator("demo", port);
    const url = await emulator.ensure();
    // Longer than the server keeps an idle connection (Node's closes it a second after the timeout it announces), with
    // this event loop blocked as a `pulumi destroy` blocks the demo's.
    const answer = await fetch(`${url}/__emulator/identity`);
    await answer.text();
    const keepAlive = /timeout=(\d+)/.exec(answer.headers.get("keep-alive") ?? "")?.[1];
    expect(keepAlive).toBeDefined();
    execFileSync("sleep", [String(Number(keepAlive) + 3)]);
    expect(await occupantOf(port)).toEqual({ kind: "emulator", pid: expect.any(Number), state: emulator.statePath });
    expect(await emulator.stop()).toBe(true);
  });
});
