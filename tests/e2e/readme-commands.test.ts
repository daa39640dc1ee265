/**
 * The docs' commands as a newcomer meets them: a `git clone` of this repository's HEAD into a
 * temporary folder, `npm ci`, then every command README.md and docs/*.md give (in a ```sh block or a
 * command table) that takes seconds rather than minutes, run as written there, in an order that would
 * find a missing build step (the demo's stop and output before any demo), each checked by its effect.
 * The last test checks that every command of the docs ran, but those NOT_RUN names, with the reason.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { docPages } from "../../scripts/doc-pages";
import { freePort } from "../../scripts/free-port";
import { preparePulumiDir, pulumiEnv, requirePulumiCli, root } from "../../scripts/pulumi-env";
import { TOKEN } from "../helpers/emulator";
import { commands, readPage, shellCommands } from "../helpers/markdown";

/** Commands of the docs that this test does not run, and why. */
const NOT_RUN: Record<string, string> = {
  "npm test": "every test, this one among them (.ci/run runs it on a clean clone)",
  "npm run bench": "minutes; it runs the same preparation as `npm run demo`, which runs here",
  "npm run reliability": "minutes; it runs the same preparation as `npm run demo`, which runs here",
  "npm run gen:go-sdk": "tests/scripts/gen-go-sdk.test.ts runs the same generator and compares its output with sdk/go",
  "npm install pulumi-realtimekit": "the registry's copy is not this commit: this test installs the packed package, the line's other form",
  "pulumi stack init acme/prod": "needs a team's PostgreSQL backend; tests/e2e/teams-*.test.ts make stacks in a throwaway one",
};

jest.setTimeout(600_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "realtimekit-readme-"));
const clone = path.join(work, "clone");
const app = path.join(work, "app"); // a program outside the repository, with the packed package installed
const ran = new Set<string>();
let port: number;
let installOutput: string;

/** `base` (the caller's environment) without what an outer `npm test` sets, as in a newcomer's shell. */
function shellEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([key]) => !key.toLowerCase().startsWith("npm_")));
  return { ...env, DEMO_EMULATOR_PORT: String(port) };
}

interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Arguments the test adds to the command as written (quiet installs, where to pack). */
  args?: string[];
  /** What a placeholder of the docs stands for here, e.g. `<git url>`. */
  placeholders?: Record<string, string>;
  input?: string;
}

/** The command as the docs write it, on the emulator port this test got rather than the docs' 8787, with its placeholders filled. */
function argv(command: string, { args = [], placeholders = {} }: RunOptions): string[] {
  ran.add(command);
  const local = Object.entries(placeholders).reduce((text, [from, to]) => text.replaceAll(from, to), command.replaceAll("8787", String(port)));
  return [...local.split(/\s+/), ...args];
}

/** Runs a command as the docs write it. */
function run(command: string, options: RunOptions = {}) {
  const [program, ...args] = argv(command, options);
  const result = spawnSync(program, args, { cwd: options.cwd ?? clone, env: options.env ?? shellEnv(), input: options.input, encoding: "utf8" });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function expectSuccess(result: { code: number | null; output: string }): string {
  if (result.code !== 0) throw new Error(`exit ${result.code}:\n${result.output}`);
  return result.output;
}

/** A command of the docs that serves until stopped (an emulator), once it prints its URL; the caller ends its process group. */
function serve(command: string, options: RunOptions = {}): Promise<{ child: ChildProcess; url: string }> {
  const [program, ...args] = argv(command, options);
  const child = spawn(program, args, { cwd: options.cwd ?? clone, env: options.env ?? shellEnv(), detached: true });
  return new Promise((resolve, reject) => {
    let printed = "";
    child.stdout!.on("data", (data) => {
      printed += data;
      const url = /http:\/\/127\.0\.0\.1:\d+\S*/.exec(printed)?.[0];
      if (url) resolve({ child, url });
    });
    child.on("exit", (code) => reject(new Error(`${command} exited ${code}: ${printed}`)));
  });
}

const tarball = () => path.join(work, fs.readdirSync(work).find((name) => name.endsWith(".tgz"))!);

beforeAll(async () => {
  requirePulumiCli(); // npm run demo would build it: minutes, where a test should fail and say so
  port = await freePort();
  const cloned = spawnSync("git", ["clone", "--quiet", root, clone], { encoding: "utf8" });
  if (cloned.status !== 0) throw new Error(cloned.stderr);
  installOutput = expectSuccess(run("npm ci", { args: ["--prefer-offline", "--no-audit", "--no-fund"] }));
});
afterAll(() => {
  run("npm run demo:down"); // stops the demo's emulator even when a test failed midway
  if (!process.env.KEEP_PULUMI_DIRS) fs.rmSync(work, { recursive: true, force: true });
});

describe("the docs' commands on a clean clone after npm ci", () => {
  it("npm ci lists no unreviewed install scripts: package.json's allowScripts decides each one", () => {
    expect(installOutput).not.toContain("not yet covered by allowScripts");
  });

  it("demo:down, demo:output and demo:recover before any demo say there is nothing yet", () => {
    expect(expectSuccess(run("npm run demo:down"))).toContain("no demo stack: nothing to destroy");
    const output = run("npm run demo:output");
    expect(output.code).toBe(1);
    expect(output.output).toContain("no demo stack yet: 'npm run demo' makes it");
    const recover = run("npm run demo:recover");
    expect(recover.code).toBe(1);
    expect(recover.output).toContain("no demo stack yet: nothing to recover ('npm run demo' makes it)");
  });

  it("npm run emulator serves the API on the port asked for", async () => {
    const { child, url } = await serve("npm run emulator -- --port 8787");
    try {
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${url}/__emulator/health`)).status).toBe(200);
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
  });

  it("npm pack makes a package of the compiled provider, its types, the emulator, the plugin and their bins", () => {
    expectSuccess(run("npm pack", { args: ["--pack-destination", work] }));
    const files = spawnSync("tar", ["-tzf", tarball()], { encoding: "utf8" }).stdout.split("\n");
    for (const file of [
      "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/dynamic/runtime.js", "dist/emulator/cli.js", "dist/emulator/index.d.ts",
      "dist/provider/plugin/main.js", "bin/pulumi-resource-realtimekit", "dist/provider/recovery/recover-cli.js", "dist/provider/import/import-cli.js",
    ]) {
      expect(files).toContain(`package/${file}`);
    }
    const manifest = JSON.parse(spawnSync("tar", ["-xzOf", tarball(), "package/package.json"], { encoding: "utf8" }).stdout);
    expect(manifest.bin).toEqual({
      "realtimekit-emulator": "dist/emulator/cli.js",
      "realtimekit-recover": "dist/provider/recovery/recover-cli.js",
      "realtimekit-import": "dist/provider/import/import-cli.js",
      "pulumi-resource-realtimekit": "bin/pulumi-resource-realtimekit",
    });
  });

  it("the packed package installs into a program outside the repository and exposes IndependentLivestream", () => {
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
    expectSuccess(run("npm install", { cwd: app, args: ["--prefer-offline", "--no-audit", "--no-fund", tarball()] }));
    const exported = spawnSync(process.execPath, ["-p", "typeof require('pulumi-realtimekit').IndependentLivestream"], { cwd: app, encoding: "utf8" });
    expect(exported.stdout.trim()).toBe("function");
    for (const bin of ["realtimekit-emulator", "realtimekit-recover", "realtimekit-import", "pulumi-resource-realtimekit"]) {
      expect(fs.existsSync(path.join(app, "node_modules", ".bin", bin))).toBe(true);
    }
  });

  it("the Pulumi commands of the docs, in that program: the YAML quickstart against the packaged emulator, the crash recovery, then the import", async () => {
    fs.copyFileSync(path.join(clone, "examples", "yaml-quickstart", "Pulumi.yaml"), path.join(app, "Pulumi.yaml"));
    preparePulumiDir(app);
    const env = shellEnv(pulumiEnv(app));
    const inApp = (command: string, input?: string) => expectSuccess(run(command, { cwd: app, env, input }));
    const [startEmulator, useEmulator] = shellCommands(readPage("docs/emulator.md"));
    const [initStack, ...quickstart] = shellCommands(readPage("docs/yaml.md"));
    const [cancel, recover, upAgain] = shellCommands(readPage("docs/crash-recovery.md"));
    expect([startEmulator, useEmulator, initStack, cancel, recover, upAgain].every(Boolean)).toBe(true);

    const { child } = await serve(startEmulator, { cwd: app, env });
    try {
      inApp(initStack);
      inApp(useEmulator);
      const outputs = quickstart.map((command) => inApp(command, command.includes("--secret") ? TOKEN : undefined));
      expect(outputs.at(-1)).toMatch(/\+ 3 created/); // the stack and its two livestreams
      expect(outputs.at(-1)).toMatch(/streamKey\s*:\s*\[secret\]/); // Pulumi YAML aligns its outputs with a colon
      inApp(cancel);
      expect(inApp(recover)).toContain("no interrupted create of a livestream in this stack's state, and every livestream the program declares is in it: nothing to do");
      expect(inApp(upAgain)).toMatch(/3 unchanged/);
      // Every livestream of the app is the stack's: each door's import finds them in its state and writes nothing.
      const imports = shellCommands(readPage("docs/importing.md")).filter((command) => command.startsWith("npx realtimekit-import"));
      expect(imports.length).toBeGreaterThanOrEqual(3);
      for (const command of imports) {
        expect(inApp(command)).toContain("realtimekit-import: 2 already in this stack's state, left out\nrealtimekit-import: nothing to write");
      }
      expect(fs.existsSync(path.join(app, ".emulator.json"))).toBe(true); // the emulator kept its state where it was told
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
  });

  it("npm run docs renders the docs' reference tables, which a clean clone already holds", () => {
    expectSuccess(run("npm run docs"));
    expect(spawnSync("git", ["status", "--porcelain", "README.md", "docs"], { cwd: clone, encoding: "utf8" }).stdout).toBe("");
  });

  it("npm run pulumi-cli finds the CLI built once per machine", () => {
    expectSuccess(run("npm run pulumi-cli"));
  });

  it("npm install <git url> in another program clones, compiles through prepare, and installs compiled code", () => {
    const gitApp = path.join(work, "git-app");
    fs.mkdirSync(gitApp);
    fs.writeFileSync(path.join(gitApp, "package.json"), JSON.stringify({ name: "git-app", private: true }));
    expectSuccess(run("npm install <git url>", { cwd: gitApp, args: ["--prefer-offline", "--no-audit", "--no-fund"], placeholders: { "<git url>": `git+file://${clone}` } }));
    const installed = path.join(gitApp, "node_modules", "pulumi-realtimekit");
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);
    const exported = spawnSync(process.execPath, ["-p", "typeof require('pulumi-realtimekit').IndependentLivestream"], { cwd: gitApp, encoding: "utf8" });
    expect(exported.stdout.trim()).toBe("function");
  });

  it("npm run demo, demo:output, demo:recover and demo:down run the stack against the emulator and tear it down", () => {
    const up = expectSuccess(run("npm run demo"));
    expect(up).toMatch(/\+ 2 created/);
    expect(up).toMatch(/streamKey\s+\[secret\]/);
    expect(expectSuccess(run("npm run demo:output", { args: ["--", "--show-secrets"] }))).toMatch(/streamKey\s+[0-9a-f]{32}k[0-9a-f]{32}/);
    // No crash happened: recovery finds nothing to do and writes nothing.
    expect(expectSuccess(run("npm run demo:recover"))).toContain("no interrupted create of a livestream in this stack's state, and every livestream the program declares is in it: nothing to do");
    const down = expectSuccess(run("npm run demo:down"));
    expect(down).toContain("STILL EXISTS in Cloudflare");
    expect(down).toContain("emulator stopped");
  });

  it("compiles, packs and installs again only what a changed source needs, dropping outputs of removed sources", () => {
    expect(expectSuccess(run("npm run build"))).not.toContain("[build]");

    const cli = path.join(clone, "emulator", "cli.ts");
    fs.writeFileSync(cli, fs.readFileSync(cli, "utf8").replace("Usage: npm run emulator", "Usage (edited): npm run emulator"));
    fs.rmSync(path.join(clone, "bench", "reliability.ts"));
    const help = expectSuccess(run("npm run emulator", { args: ["--", "--help"] }));
    expect(help).toContain("[build] compiling TypeScript into dist/ (sources changed)");
    expect(help).toContain("Usage (edited): npm run emulator");
    expect(fs.existsSync(path.join(clone, "dist", "bench", "reliability.js"))).toBe(false);

    const build = expectSuccess(run("npm run build"));
    expect(build).not.toContain("[build] compiling");
    expect(build).toContain("[build] packing and installing pulumi-realtimekit into node_modules (package changed)");
    expect(fs.readFileSync(path.join(clone, "node_modules", "pulumi-realtimekit", "dist", "emulator", "cli.js"), "utf8")).toContain("Usage (edited)");
  });

  it("ran every command the docs give, but those NOT_RUN names", () => {
    const documented = new Set(docPages().flatMap((page) => commands(readPage(page))));
    expect([...documented].filter((command) => !ran.has(command) && !(command in NOT_RUN))).toEqual([]);
    expect(Object.keys(NOT_RUN).filter((command) => !documented.has(command))).toEqual([]); // no stale reason
  });
});
