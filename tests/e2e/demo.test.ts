/** The main job, `npm run demo`, as the README runs it: up, a no-op second up, then down. */
import * as fs from "node:fs";
import * as path from "node:path";
import { freePort } from "../../scripts/free-port";
import { root } from "../../scripts/pulumi-env";
import { demoOf } from "../helpers/demo";

jest.setTimeout(300_000);
// Its own stack, a free port and its own folder, so a developer's running demo is left alone.
const env: NodeJS.ProcessEnv = { ...process.env, DEMO_STACK: "demo-test" };
let port: string;
beforeAll(async () => {
  port = String(await freePort());
  env.DEMO_EMULATOR_PORT = port;
});
const demo = demoOf(root, env);

afterAll(async () => {
  await demo("down").catch(() => undefined); // stops the emulator even when the test failed midway
  fs.rmSync(path.join(root, "Pulumi.demo-test.yaml"), { force: true });
  fs.rmSync(path.join(root, ".work", "demo-demo-test"), { recursive: true, force: true });
});

it("creates the livestream against the embedded emulator, changes nothing the second time, and tears down", async () => {
  const first = await demo("up");
  expect(first.stdout).toContain(`emulator started at http://127.0.0.1:${port}`);
  expect(first.stdout).toMatch(/\+ 2 created/);
  expect(first.stdout).toContain("(state in .work/demo-demo-test/emulator-state.json)");
  expect(first.stdout).toMatch(/streamKey\s+\[secret\]/);
  expect(first.stdout).toMatch(/playbackUrl\s+https:\/\/customer-[a-z0-9]+\.cloudflarestream\.com\/[0-9a-f]{32}\/manifest\/video\.m3u8/);

  const second = await demo("up");
  expect(second.stdout).toContain(`emulator already running at http://127.0.0.1:${port}`);
  expect(second.stdout).toContain("2 unchanged");

  const { stdout: secrets } = await demo("output", "--show-secrets");
  expect(secrets).toMatch(/streamKey\s+[0-9a-f]{32}k[0-9a-f]{32}/);

  const down = await demo("down");
  expect(down.stdout).toContain("STILL EXISTS in Cloudflare");
  expect(down.stdout).toContain("emulator stopped");
  await expect(fetch(`http://127.0.0.1:${port}/__emulator/health`)).rejects.toThrow();
});
