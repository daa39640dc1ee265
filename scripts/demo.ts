/**
 * The main job: `pulumi up` of the root project's stack `dev` against the emulator, no Cloudflare
 * account needed. `up` (npm run demo), `down` (npm run demo:down: destroy, then stop the emulator),
 * `recover` (npm run demo:recover: after a killed `npm run demo`), `output` (npm run demo:output). Everything it writes is under .work/demo, and Pulumi.dev.yaml
 * (git-ignored).
 */
import { spawn, spawnSync, SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { preparePulumiDir, pulumiEnv, root } from "./pulumi-env";

// DEMO_STACK and DEMO_EMULATOR_PORT let a test run the demo beside a developer's own.
const stack = process.env.DEMO_STACK || "dev";
const dir = path.join(root, ".work", stack === "dev" ? "demo" : `demo-${stack}`);
const port = Number(process.env.DEMO_EMULATOR_PORT || 8787);
const emulatorUrl = `http://127.0.0.1:${port}`;
const pidFile = path.join(dir, "emulator.pid");
// The emulator's development token, and the example ids from Cloudflare's API reference.
const demoConfig = {
  "realtimekit:accountId": "023e105f4ecef8ad9ca31a8372d0c353",
  "realtimekit:appId": "14a396e7-ca44-4937-bf1f-050a69118543",
  "realtimekit:baseUrl": `${emulatorUrl}/client/v4`,
};
const demoToken = "emulator-dev-token";

function pulumi(args: string[], options: { quiet?: boolean; allowFailure?: boolean } = {}): SpawnSyncReturns<string> {
  const result = spawnSync("pulumi", [...args, "--non-interactive"], { cwd: root, env: pulumiEnv(dir), stdio: options.quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (result.status !== 0 && !options.allowFailure) {
    process.stderr.write(result.stderr ?? "");
    throw new Error(`pulumi ${args[0]} failed (exit ${result.status})`);
  }
  return result;
}

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`${emulatorUrl}/__emulator/health`)).ok;
  } catch {
    return false;
  }
}

async function startEmulator(): Promise<void> {
  if (await healthy()) return console.log(`emulator already running at ${emulatorUrl}`);
  const log = fs.openSync(path.join(dir, "emulator.log"), "a");
  const child = spawn(process.execPath, [path.join(root, "dist", "emulator", "cli.js"), "--port", String(port), "--state", path.join(dir, "emulator-state.json")], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  child.unref();
  fs.writeFileSync(pidFile, String(child.pid));
  for (let i = 0; i < 100 && !(await healthy()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!(await healthy())) throw new Error(`the emulator did not start; see ${path.join(dir, "emulator.log")}`);
  console.log(`emulator started at ${emulatorUrl} (state in ${path.relative(root, path.join(dir, "emulator-state.json"))})`);
}

function stopEmulator(): void {
  if (!fs.existsSync(pidFile)) return;
  try {
    process.kill(Number(fs.readFileSync(pidFile, "utf8")), "SIGTERM");
    console.log("emulator stopped");
  } catch {
    // already gone
  }
  fs.rmSync(pidFile);
}

async function up(): Promise<void> {
  preparePulumiDir(dir);
  await startEmulator();
  pulumi(["stack", "select", stack, "--create"], { quiet: true });
  // Stack config goes to Pulumi.dev.yaml beside Pulumi.yaml, as for any stack (git-ignored here).
  for (const [key, value] of Object.entries(demoConfig)) pulumi(["config", "set", key, value], { quiet: true });
  pulumi(["config", "set", "--secret", "realtimekit:apiToken", demoToken], { quiet: true });
  pulumi(["up", "--yes", "--skip-preview"]);
  pulumi(["stack", "output"]);
  console.log("\nThe stream key is a secret: 'npm run demo:output -- --show-secrets' prints it. 'npm run demo:down' tears it all down.");
}

async function down(): Promise<void> {
  preparePulumiDir(dir);
  if (pulumi(["stack", "select", stack], { quiet: true, allowFailure: true }).status === 0) {
    await startEmulator();
    pulumi(["destroy", "--yes", "--skip-preview"]);
  }
  stopEmulator();
}

/** After `npm run demo` was killed: the README's crash recovery, for the demo stack. Then `npm run demo` again. */
async function recover(): Promise<void> {
  preparePulumiDir(dir);
  await startEmulator();
  pulumi(["cancel", "--yes", "--stack", stack]);
  const result = spawnSync(process.execPath, [path.join(root, "dist", "provider", "recover-cli.js"), "--stack", stack], { cwd: root, env: pulumiEnv(dir), stdio: "inherit" });
  if (result.status !== 0) throw new Error("realtimekit-recover failed");
}

function output(extra: string[]): void {
  pulumi(["stack", "output", "--stack", stack, ...extra]);
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => void | Promise<void>> = { up, down, recover, output: () => output(rest) };
if (!commands[command]) {
  console.error("usage: node dist/scripts/demo.js up|down|recover|output [pulumi stack output flags]");
  process.exit(2);
}
Promise.resolve(commands[command]()).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
