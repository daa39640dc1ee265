/** `npm run demo:team` as docs/teams.md runs it: two stacks in one PostgreSQL backend, a second up, then `demo:down`. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { ownedClusterDir, PostgresCluster } from "../../scripts/postgres";
import { freePort } from "../../scripts/free-port";
import { root } from "../../scripts/pulumi-env";

jest.setTimeout(300_000);
const run = promisify(execFile);
// Its own stacks, a free port and its own folder, so a developer's running demo is left alone.
const env: NodeJS.ProcessEnv = { ...process.env, DEMO_STACK: "demo-team-test" };
let port: string;
beforeAll(async () => {
  port = String(await freePort());
  env.DEMO_EMULATOR_PORT = port;
});
const dir = path.join(root, ".work", "demo-demo-team-test");
const npmRun = (script: string) => run("npm", ["run", script], { cwd: root, env });
const configFiles = [path.join(root, "Pulumi.demo-team-test-team.yaml"), path.join(root, "examples", "stack-reference", "Pulumi.demo-team-test-team.yaml")];

afterAll(async () => {
  await npmRun("demo:down").catch(() => undefined); // stops both servers even when the test failed midway
  fs.rmSync(dir, { recursive: true, force: true });
  configFiles.forEach((f) => fs.rmSync(f, { force: true }));
});

it("puts the quickstart and its consumer in one PostgreSQL backend, changes nothing the second time, and tears both down", async () => {
  const first = await npmRun("demo:team");
  const clusterFile = path.join(ownedClusterDir(dir), "demo-cluster.json");
  const cluster: PostgresCluster = JSON.parse(fs.readFileSync(clusterFile, "utf8"));
  expect(fs.statSync(clusterFile).mode & 0o777).toBe(0o600);
  expect(first.stdout).toContain(`PostgreSQL backend: postgres://pulumi@127.0.0.1:${cluster.port}/pulumi_state?sslmode=disable (password in PGPASSWORD; server in ${cluster.dir})`);
  expect(first.stdout).toMatch(/Updating \(demo-team-test-team\):[^]*\+ 2 created[^]*Updating \(demo-team-test-team\):[^]*\+ 1 created/);
  expect(first.stdout).toMatch(/streamKey\s*:\s*\[secret\]/);
  expect(first.stdout).toMatch(/encoderUrl\s*:\s*\[secret\]/);
  expect(first.stdout).toContain("read pulumi:pulumi:StackReference organization/realtimekit-quickstart/demo-team-test-team");
  expect(first.stdout).toMatch(/organization\/realtimekit-consumer\/demo-team-test-team\s/);
  expect(first.stdout + first.stderr).not.toContain(cluster.password);

  const second = await npmRun("demo:team");
  expect(second.stdout).toContain(`emulator already running at http://127.0.0.1:${port}`);
  expect(second.stdout).toMatch(/2 unchanged[^]*1 unchanged/);

  // What `git clean -fdX` does: the demo's folder goes, and down still finds and stops the server (the stacks are in it).
  fs.rmSync(dir, { recursive: true, force: true });
  const down = await npmRun("demo:down");
  expect(down.stdout).toContain("STILL EXISTS in Cloudflare");
  expect(down.stdout).toMatch(/Resources:\s+- 1 deleted[^]*Resources:\s+- 2 deleted/);
  expect(down.stdout).toContain("PostgreSQL server stopped and removed");
  expect(down.stdout).toContain("emulator stopped");
  expect(fs.existsSync(cluster.dir)).toBe(false);
  configFiles.forEach((f) => expect(fs.existsSync(f)).toBe(false));
  await expect(fetch(`http://127.0.0.1:${port}/__emulator/health`)).rejects.toThrow();
});
