/**
 * scripts/build-pulumi-cli.sh choosing where the CLI comes from, driven with stand-in binaries and
 * without Go on PATH, so any attempt to build shows as "Go is needed". The build itself is proven by
 * every end-to-end test, which runs the CLI it produced.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { root } from "../../scripts/pulumi-env";

const script = path.join(root, "scripts", "build-pulumi-cli.sh");
const version: string = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")).packages["node_modules/@pulumi/pulumi"].version;
let work: string;
let onPath: string;
let bin: string;

/** A stand-in executable: prints `version` when asked for it, as `pulumi version` does. */
function standIn(dir: string, name: string, printed = `v${version}`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho ${printed}\n`, { mode: 0o755 });
  return file;
}

function run(env: Record<string, string> = {}) {
  // node (for the version lookup) and the basics, but no Go.
  const PATH = [onPath, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter);
  const result = spawnSync("bash", [script], { env: { HOME: work, PATH, PULUMI_CLI_CACHE: path.join(work, "cache"), ...env }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-"));
  onPath = path.join(work, "path");
  bin = path.join(work, "cache", `pulumi-v${version}`, "bin");
  fs.mkdirSync(onPath);
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

describe("build-pulumi-cli.sh", () => {
  it("links a pulumi of the pinned version on PATH, with its language hosts, instead of building", () => {
    const pulumi = standIn(onPath, "pulumi");
    standIn(onPath, "pulumi-language-nodejs");
    standIn(onPath, "pulumi-language-yaml");
    standIn(onPath, "pulumi-language-go");

    const first = run();
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n").pop()).toBe(bin);
    expect(first.stderr).toContain(`using ${pulumi} (v${version}, on PATH) instead of building; PULUMI_CLI_SOURCE=build builds it`);
    for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-language-yaml", "pulumi-language-go"]) expect(fs.readlinkSync(path.join(bin, name))).toBe(path.join(onPath, name));
    expect(fs.readFileSync(path.join(bin, "pulumi-resource-pulumi-nodejs"), "utf8")).toContain("node");

    const second = run();
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(`[pulumi-cli] cached: ${bin} (v${version})\n`);
  });

  it("keeps a language host already in the cache and builds only what neither has", () => {
    standIn(onPath, "pulumi");
    fs.mkdirSync(bin, { recursive: true });
    const yaml = standIn(bin, "pulumi-language-yaml", "built-by-hand");

    const result = run();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Go is needed to build the Pulumi CLI");
    expect(fs.lstatSync(yaml).isSymbolicLink()).toBe(false);
    expect(fs.readlinkSync(path.join(bin, "pulumi"))).toBe(path.join(onPath, "pulumi"));
  });

  it("builds, ignoring the CLI on PATH, when PULUMI_CLI_SOURCE=build, and drops links made before", () => {
    for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-language-yaml", "pulumi-language-go"]) standIn(onPath, name);
    expect(run().code).toBe(0);

    const forced = run({ PULUMI_CLI_SOURCE: "build" });
    expect(forced.code).toBe(1);
    expect(forced.stderr).not.toContain("using");
    expect(forced.stderr).toContain("Go is needed to build the Pulumi CLI");
    expect(fs.existsSync(path.join(bin, "pulumi"))).toBe(false);
  });

  it("does not take a pulumi of another version, and PULUMI_CLI_SOURCE=path then says why it cannot", () => {
    standIn(onPath, "pulumi", "v3.1.0");

    const auto = run();
    expect(auto.code).toBe(1);
    expect(auto.stderr).toContain("Go is needed to build the Pulumi CLI");

    const forced = run({ PULUMI_CLI_SOURCE: "path" });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain(`PULUMI_CLI_SOURCE=path, but no pulumi v${version} is on PATH`);
  });

  it("refuses any other PULUMI_CLI_SOURCE, naming what is allowed", () => {
    const result = run({ PULUMI_CLI_SOURCE: "download" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("PULUMI_CLI_SOURCE must be 'path', 'build' or unset, not 'download'");
  });
});
