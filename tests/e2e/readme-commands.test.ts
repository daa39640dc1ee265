/**
 * The README's commands as a newcomer meets them: a `git clone` of this repository's HEAD into a
 * temporary folder, `npm ci`, then every command that takes seconds rather than minutes, in an order
 * that would find a missing build step (the demo's stop and output before any demo), each checked by
 * its effect. `npm test`, `bench` and `reliability` take minutes; they run the same preparation as
 * `npm run demo`, which runs here.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { freePort } from "../../scripts/free-port";
import { requirePulumiCli, root } from "../../scripts/pulumi-env";

jest.setTimeout(600_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "realtimekit-readme-"));
const clone = path.join(work, "clone");
let port: number;
let installOutput: string;

/** The caller's environment without what an outer `npm test` sets, as in a newcomer's shell. */
function shellEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")));
  return { ...env, DEMO_EMULATOR_PORT: String(port) };
}

function npm(args: string[], cwd = clone) {
  const result = spawnSync("npm", args, { cwd, env: shellEnv(), encoding: "utf8" });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function expectSuccess(result: { code: number | null; output: string }): string {
  if (result.code !== 0) throw new Error(`exit ${result.code}:\n${result.output}`);
  return result.output;
}

/** `npm run emulator -- --port <port>` until it prints its URL; the caller ends its process group. */
function startEmulator(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn("npm", ["run", "emulator", "--", "--port", String(port)], { cwd: clone, env: shellEnv(), detached: true });
  return new Promise((resolve, reject) => {
    let printed = "";
    child.stdout!.on("data", (data) => {
      printed += data;
      const url = /http:\/\/127\.0\.0\.1:\d+\S*/.exec(printed)?.[0];
      if (url) resolve({ child, url });
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited ${code}: ${printed}`)));
  });
}

beforeAll(async () => {
  requirePulumiCli(); // npm run demo would build it: minutes, where a test should fail and say so
  port = await freePort();
  const cloned = spawnSync("git", ["clone", "--quiet", root, clone], { encoding: "utf8" });
  if (cloned.status !== 0) throw new Error(cloned.stderr);
  installOutput = expectSuccess(npm(["ci", "--prefer-offline", "--no-audit", "--no-fund"]));
});
afterAll(() => {
  npm(["run", "demo:down"]); // stops the demo's emulator even when a test failed midway
  if (!process.env.KEEP_PULUMI_DIRS) fs.rmSync(work, { recursive: true, force: true });
});

describe("the README's commands on a clean clone after npm ci", () => {
  it("npm ci lists no unreviewed install scripts: package.json's allowScripts decides each one", () => {
    expect(installOutput).not.toContain("not yet covered by allowScripts");
  });

  it("demo:down and demo:output before any demo say there is nothing yet", () => {
    expect(expectSuccess(npm(["run", "demo:down"]))).toContain("no demo stack: nothing to destroy");
    const output = npm(["run", "demo:output"]);
    expect(output.code).toBe(1);
    expect(output.output).toContain("no demo stack yet: 'npm run demo' makes it");
  });

  it("npm run emulator serves the API on the port asked for", async () => {
    const { child, url } = await startEmulator();
    try {
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${url}/__emulator/health`)).status).toBe(200);
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
  });

  it("npm pack makes a package of the compiled provider, its types, the emulator, the plugin and their bins", () => {
    expectSuccess(npm(["pack", "--pack-destination", work]));
    const tarball = path.join(work, fs.readdirSync(work).find((name) => name.endsWith(".tgz"))!);
    const files = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" }).stdout.split("\n");
    for (const file of [
      "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/dynamic/runtime.js", "dist/emulator/cli.js", "dist/emulator/index.d.ts",
      "dist/provider/plugin/main.js", "bin/pulumi-resource-realtimekit", "dist/provider/recover-cli.js",
    ]) {
      expect(files).toContain(`package/${file}`);
    }
    const manifest = JSON.parse(spawnSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }).stdout);
    expect(manifest.bin).toEqual({
      "realtimekit-emulator": "dist/emulator/cli.js",
      "realtimekit-recover": "dist/provider/recover-cli.js",
      "pulumi-resource-realtimekit": "bin/pulumi-resource-realtimekit",
    });
  });

  it("the packed package installs into a program outside the repository and exposes IndependentLivestream", () => {
    const tarball = path.join(work, fs.readdirSync(work).find((name) => name.endsWith(".tgz"))!);
    const app = path.join(work, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
    expectSuccess(npm(["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], app));
    const exported = spawnSync(process.execPath, ["-p", "typeof require('pulumi-realtimekit').IndependentLivestream"], { cwd: app, encoding: "utf8" });
    expect(exported.stdout.trim()).toBe("function");
    for (const bin of ["realtimekit-emulator", "realtimekit-recover", "pulumi-resource-realtimekit"]) {
      expect(fs.existsSync(path.join(app, "node_modules", ".bin", bin))).toBe(true);
    }
  });

  it("npm run docs renders the README's reference tables, which a clean clone already holds", () => {
    expectSuccess(npm(["run", "docs"]));
    expect(spawnSync("git", ["status", "--porcelain", "README.md"], { cwd: clone, encoding: "utf8" }).stdout).toBe("");
  });

  it("npm run pulumi-cli finds the CLI built once per machine", () => {
    expectSuccess(npm(["run", "pulumi-cli"]));
  });

  it("npm install <git url> in another program clones, compiles through prepare, and installs compiled code", () => {
    const app = path.join(work, "git-app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "git-app", private: true }));
    expectSuccess(npm(["install", "--prefer-offline", "--no-audit", "--no-fund", `git+file://${clone}`], app));
    const installed = path.join(app, "node_modules", "pulumi-realtimekit");
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);
    const exported = spawnSync(process.execPath, ["-p", "typeof require('pulumi-realtimekit').IndependentLivestream"], { cwd: app, encoding: "utf8" });
    expect(exported.stdout.trim()).toBe("function");
  });

  it("npm run demo, demo:output, demo:recover and demo:down run the stack against the emulator and tear it down", () => {
    const up = expectSuccess(npm(["run", "demo"]));
    expect(up).toMatch(/\+ 2 created/);
    expect(up).toMatch(/streamKey\s+\[secret\]/);
    expect(expectSuccess(npm(["run", "demo:output", "--", "--show-secrets"]))).toMatch(/streamKey\s+[0-9a-f]{32}k[0-9a-f]{32}/);
    // No crash happened: recovery finds nothing to do and writes nothing.
    expect(expectSuccess(npm(["run", "demo:recover"]))).toContain("no interrupted create of a livestream in this stack's state: nothing to do");
    const down = expectSuccess(npm(["run", "demo:down"]));
    expect(down).toContain("STILL EXISTS in Cloudflare");
    expect(down).toContain("emulator stopped");
  });

  it("compiles, packs and installs again only what a changed source needs, dropping outputs of removed sources", () => {
    expect(expectSuccess(npm(["run", "build"]))).not.toContain("[build]");

    const cli = path.join(clone, "emulator", "cli.ts");
    fs.writeFileSync(cli, fs.readFileSync(cli, "utf8").replace("Usage: npm run emulator", "Usage (edited): npm run emulator"));
    fs.rmSync(path.join(clone, "bench", "reliability.ts"));
    const help = expectSuccess(npm(["run", "emulator", "--", "--help"]));
    expect(help).toContain("[build] compiling TypeScript into dist/ (sources changed)");
    expect(help).toContain("Usage (edited): npm run emulator");
    expect(fs.existsSync(path.join(clone, "dist", "bench", "reliability.js"))).toBe(false);

    const build = expectSuccess(npm(["run", "build"]));
    expect(build).not.toContain("[build] compiling");
    expect(build).toContain("[build] packing and installing pulumi-realtimekit into node_modules (package changed)");
    expect(fs.readFileSync(path.join(clone, "node_modules", "pulumi-realtimekit", "dist", "emulator", "cli.js"), "utf8")).toContain("Usage (edited)");
  });
});
