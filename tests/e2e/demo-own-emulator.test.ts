/**
 * The demo uses its own checkout's emulator and no other: after its `.work` is removed (as `git clean -fdX` does), and
 * in a second checkout while the first one's demo runs. Each ends with a working demo, and `demo:down` leaves
 * nothing running.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { freePort } from "../../scripts/free-port";
import { root } from "../../scripts/pulumi-env";
import { answers, demoOf, processesHolding } from "../helpers/demo";

jest.setTimeout(300_000);
const stack = "own-emulator-test";
const env: NodeJS.ProcessEnv = { ...process.env, DEMO_STACK: stack };
const work = fs.mkdtempSync(path.join(os.tmpdir(), "realtimekit-checkouts-"));
const clone = path.join(work, "clone");
/** The demo's folder in a checkout: `.work` of one stack. */
const demoDir = (checkout: string) => path.join(checkout, ".work", `demo-${stack}`);
const demo = demoOf(root, env);
const cloneDemo = demoOf(clone, env);
let port: number;

/** A second checkout of this one, as a `git clone` and its build would make it; node_modules is shared, being large. */
function copyCheckout(to: string): void {
  const skipped = new Set(["node_modules", ".work", ".git"].map((name) => path.join(root, name)));
  fs.cpSync(root, to, { recursive: true, filter: (source) => !skipped.has(source) && !/^Pulumi\..+\.yaml$/.test(path.basename(source)) });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(to, "node_modules"));
}

beforeAll(async () => {
  port = await freePort();
  env.DEMO_EMULATOR_PORT = String(port);
  copyCheckout(clone);
});

afterAll(async () => {
  for (const down of [cloneDemo, demo]) await down("down").catch(() => undefined); // stops the emulators even when a test failed midway
  fs.rmSync(path.join(root, `Pulumi.${stack}.yaml`), { force: true });
  fs.rmSync(demoDir(root), { recursive: true, force: true });
  if (!process.env.KEEP_PULUMI_DIRS) fs.rmSync(work, { recursive: true, force: true });
});

it("starts afresh after its .work is removed, emulator data included, and down leaves nothing running", async () => {
  expect((await demo("up")).stdout).toContain(`emulator started at http://127.0.0.1:${port}`);
  fs.rmSync(demoDir(root), { recursive: true });

  const again = await demo("up");
  expect(again.stdout).toContain(`emulator started at http://127.0.0.1:${port}`);
  expect(again.stdout).toMatch(/\+ 2 created/);

  expect((await demo("down")).stdout).toContain("emulator stopped");
  expect(await answers(port)).toBe(false);
  expect(processesHolding(demoDir(root))).toEqual([]);
});

it("runs a second checkout's demo on its own emulator while the first one's runs, and each down stops only its own", async () => {
  expect((await demo("up")).stdout).toContain(`emulator started at http://127.0.0.1:${port}`);

  const second = await cloneDemo("up");
  expect(second.stdout).toContain(`port ${port} is taken by the emulator keeping its state in ${path.join(demoDir(root), "emulator-state.json")}, not this checkout's`);
  const [, secondPort] = /emulator started at http:\/\/127\.0\.0\.1:(\d+)/.exec(second.stdout) ?? [];
  expect(Number(secondPort)).not.toBe(port);
  expect(second.stdout).toMatch(/\+ 2 created/);
  expect((await cloneDemo("up")).stdout).toContain(`emulator already running at http://127.0.0.1:${secondPort}`);

  expect((await cloneDemo("down")).stdout).toContain("emulator stopped");
  expect(await answers(secondPort)).toBe(false);
  expect(await answers(port)).toBe(true);
  expect((await demo("down")).stdout).toContain("emulator stopped");
  expect(await answers(port)).toBe(false);
  expect(processesHolding(work)).toEqual([]);
  expect(processesHolding(demoDir(root))).toEqual([]);
});
