/**
 * The main job: `pulumi up` of the root project's stack `dev` against the emulator, no Cloudflare
 * account needed. `up` (npm run demo), `down` (npm run demo:down: destroy, then stop the emulator),
 * `recover` (npm run demo:recover: after a killed `npm run demo`), `output` (npm run demo:output).
 * Everything it writes is under .work/demo, and Pulumi.dev.yaml (git-ignored); its emulator is this
 * checkout's own and no other (demo-emulator.ts). `up --team` (npm run demo:team) is the team's
 * version: the quickstart and the stack-reference example as stacks `dev-team` in one PostgreSQL
 * backend (scripts/postgres.ts), the second reading the first's outputs; `down` destroys them too and
 * removes that server.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { preparePulumiDir, pulumiEnv, removeEmptySidecars, root } from "./pulumi-env";
import { DemoEmulator } from "./demo-emulator";
import { createPostgres, ownedClusterDir, PostgresCluster, removePostgres, startPostgres } from "./postgres";

// DEMO_STACK and DEMO_EMULATOR_PORT let a test run the demo beside a developer's own.
const stack = process.env.DEMO_STACK || "dev";
const dir = path.join(root, ".work", stack === "dev" ? "demo" : `demo-${stack}`);
const emulator = new DemoEmulator(dir, Number(process.env.DEMO_EMULATOR_PORT || 8787), path.join(root, "dist", "emulator", "cli.js"));
// The emulator's development token, and the example ids from Cloudflare's API reference.
const demoConfig = (emulatorUrl: string) => ({
  "realtimekit:accountId": "023e105f4ecef8ad9ca31a8372d0c353",
  "realtimekit:appId": "14a396e7-ca44-4937-bf1f-050a69118543",
  "realtimekit:baseUrl": `${emulatorUrl}/client/v4`,
});
const demoToken = "emulator-dev-token";
// The team demo: its stacks, its projects, its PostgreSQL server's folder (named for the demo's folder, outside it, so
// that `down` stops the server even once .work is gone), and the file there that remembers it (with the password: 0600).
const teamStack = `${stack}-team`;
const teamProjects = { producer: root, consumer: path.join(root, "examples", "stack-reference") };
const clusterDir = ownedClusterDir(dir);
const clusterFile = path.join(clusterDir, "demo-cluster.json");

interface PulumiOptions {
  quiet?: boolean;
  allowFailure?: boolean;
  /** The project folder (default the root project). */
  cwd?: string;
  /** The backend's variables (default the demo's file backend). */
  backend?: Record<string, string>;
}

function pulumi(args: string[], options: PulumiOptions = {}): SpawnSyncReturns<string> {
  const env = pulumiEnv(dir, options.backend);
  const result = spawnSync("pulumi", [...args, "--non-interactive"], { cwd: options.cwd ?? root, env, stdio: options.quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (result.status !== 0 && !options.allowFailure) {
    process.stderr.write(result.stderr ?? "");
    throw new Error(`pulumi ${args[0]} failed (exit ${result.status})`);
  }
  return result;
}

/** Selects (or creates) `name` in the project at `cwd` and sets its config; the config file lands beside the project, as for any stack. */
function configureStack(name: string, config: Record<string, string>, options: PulumiOptions = {}): void {
  pulumi(["stack", "select", name, "--create"], { ...options, quiet: true });
  for (const [key, value] of Object.entries(config)) pulumi(["config", "set", "--stack", name, key, value], { ...options, quiet: true });
}

/**
 * Starts this checkout's emulator when it is not running, and points stack `name` at it: it runs on another port than
 * at the stack's last run when another server took that one meanwhile.
 */
async function useEmulator(name: string, options: PulumiOptions = {}): Promise<void> {
  const { "realtimekit:baseUrl": baseUrl } = demoConfig(await emulator.ensure());
  pulumi(["config", "set", "--stack", name, "realtimekit:baseUrl", baseUrl], { ...options, quiet: true });
}

async function up(): Promise<void> {
  preparePulumiDir(dir);
  // Stack config goes to Pulumi.dev.yaml beside Pulumi.yaml, as for any stack (git-ignored here).
  configureStack(stack, demoConfig(await emulator.ensure()));
  pulumi(["config", "set", "--secret", "realtimekit:apiToken", demoToken], { quiet: true });
  pulumi(["up", "--yes", "--skip-preview"]);
  pulumi(["stack", "output"]);
  console.log("\nThe stream key is a secret: 'npm run demo:output -- --show-secrets' prints it. 'npm run demo:down' tears it all down.");
}

/** Whether `npm run demo` has made its backend yet: before it, down and output have nothing to do and need no CLI. */
const demoRan = (): boolean => fs.existsSync(path.join(dir, "state"));

/**
 * The team demo's PostgreSQL server: the one remembered in clusterFile (started again if stopped), or
 * a new one in clusterDir (a half-made one, whose file is missing, is removed first).
 */
async function teamPostgres(): Promise<PostgresCluster> {
  if (fs.existsSync(clusterFile)) {
    const known: PostgresCluster = JSON.parse(fs.readFileSync(clusterFile, "utf8"));
    if (!fs.existsSync(path.join(known.dir, "data", "postmaster.pid"))) startPostgres(known);
    return known;
  }
  fs.rmSync(clusterDir, { recursive: true, force: true });
  const cluster = await createPostgres(undefined, clusterDir);
  fs.writeFileSync(clusterFile, JSON.stringify(cluster), { mode: 0o600 });
  return cluster;
}

async function teamUp(): Promise<void> {
  preparePulumiDir(dir);
  const emulatorUrl = await emulator.ensure();
  const cluster = await teamPostgres();
  console.log(`PostgreSQL backend: ${cluster.backendUrl} (password in PGPASSWORD; server in ${cluster.dir})`);
  const producer = { backend: cluster.env, cwd: teamProjects.producer };
  const consumer = { backend: cluster.env, cwd: teamProjects.consumer };
  configureStack(teamStack, demoConfig(emulatorUrl), producer);
  pulumi(["config", "set", "--stack", teamStack, "--secret", "realtimekit:apiToken", demoToken], { ...producer, quiet: true });
  configureStack(teamStack, { livestreamStack: `organization/realtimekit-quickstart/${teamStack}` }, consumer);
  for (const options of [producer, consumer]) pulumi(["up", "--stack", teamStack, "--yes", "--skip-preview"], options);
  pulumi(["stack", "ls", "--all"], producer);
  console.log(`\nrealtimekit-consumer/${teamStack} read the stream key of realtimekit-quickstart/${teamStack}, still a secret. 'npm run demo:down' tears it all down.`);
}

/** Destroys the team's stacks (the consumer first, as it reads the producer) and removes its server. */
async function teamDown(): Promise<void> {
  if (!fs.existsSync(clusterFile)) return;
  preparePulumiDir(dir);
  const cluster = await teamPostgres();
  await useEmulator(teamStack, { backend: cluster.env, cwd: teamProjects.producer, allowFailure: true }); // fails when the stack is not there
  for (const cwd of [teamProjects.consumer, teamProjects.producer]) {
    const options = { backend: cluster.env, cwd };
    if (pulumi(["stack", "select", teamStack], { ...options, quiet: true, allowFailure: true }).status === 0) {
      pulumi(["destroy", "--stack", teamStack, "--yes", "--skip-preview"], options);
    }
    fs.rmSync(path.join(cwd, `Pulumi.${teamStack}.yaml`), { force: true });
  }
  removePostgres(cluster); // and clusterFile with it
  console.log("PostgreSQL server stopped and removed");
}

async function down(): Promise<void> {
  const ran = demoRan();
  await teamDown();
  if (ran && pulumi(["stack", "select", stack], { quiet: true, allowFailure: true }).status === 0) {
    await useEmulator(stack);
    pulumi(["destroy", "--yes", "--skip-preview"]);
  }
  // Found by what it answers, not by a record in .work: stopped also when .work is gone.
  const stopped = await emulator.stop();
  if (!ran && !stopped) console.log("no demo stack: nothing to destroy");
  // The emulator, like Cloudflare, keeps livestreams that destroy forgot, and a name is one livestream per app:
  // its data goes with it, so that the next demo starts from an empty app.
  fs.rmSync(emulator.statePath, { force: true });
}

/** After `npm run demo` was killed: the crash recovery of docs/crash-recovery.md, for the demo stack. Then `npm run demo` again. */
async function recover(): Promise<void> {
  if (!demoRan()) throw new Error("no demo stack yet: nothing to recover ('npm run demo' makes it)");
  preparePulumiDir(dir);
  await useEmulator(stack);
  const removed = removeEmptySidecars(dir); // docs/crash-recovery.md's step for "EOF": harmless when the kill left none
  if (removed > 0) console.log(`removed ${removed} empty sidecar file(s) a kill left in the demo's state folder`);
  pulumi(["cancel", "--yes", "--stack", stack]);
  const result = spawnSync(process.execPath, [path.join(root, "dist", "provider", "recovery", "recover-cli.js"), "--stack", stack], { cwd: root, env: pulumiEnv(dir), stdio: "inherit" });
  if (result.status !== 0) throw new Error("realtimekit-recover failed");
}

function output(extra: string[]): void {
  if (!demoRan()) throw new Error("no demo stack yet: 'npm run demo' makes it");
  pulumi(["stack", "output", "--stack", stack, ...extra]);
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => void | Promise<void>> = { up: rest.includes("--team") ? teamUp : up, down, recover, output: () => output(rest) };
if (!commands[command]) {
  console.error("usage: node dist/scripts/demo.js up [--team]|down|recover|output [pulumi stack output flags]");
  process.exit(2);
}
Promise.resolve()
  .then(() => commands[command]())
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
