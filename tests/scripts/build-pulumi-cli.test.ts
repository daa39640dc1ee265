/**
 * scripts/build-pulumi-cli.sh choosing where the CLI comes from and which hosts it gets, driven with
 * stand-in binaries and without Go on PATH, so any attempt to build shows as "Go is needed". The
 * build itself is proven by every end-to-end test, which runs the CLI it produced.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { goBuildSettings, lockedPulumiVersion, oldestPulumiVersion, root } from "../../scripts/pulumi-env";

const script = path.join(root, "scripts", "build-pulumi-cli.sh");
const locked = lockedPulumiVersion();
const oldest = oldestPulumiVersion();
const HOSTS = ["pulumi-language-nodejs", "pulumi-language-yaml", "pulumi-language-go"];
let work: string;
let onPath: string;
let cache: string;

/** A stand-in executable: prints `printed` (a version) when asked for it, as `pulumi version` does. */
function standIn(dir: string, name: string, printed = `v${locked}`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho ${printed}\n`, { mode: 0o755 });
  return file;
}

function run(env: Record<string, string> = {}, args: string[] = []) {
  // node (for the version lookup) and the basics, but no Go.
  const PATH = [onPath, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter);
  const result = spawnSync("bash", [script, ...args], { env: { HOME: work, PATH, PULUMI_CLI_CACHE: cache, ...env }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

const binOf = (version: string) => path.join(cache, `pulumi-v${version}`, "bin");

/**
 * A stand-in go on PATH: `version -m` prints the build settings of a binary, go-build.conf's for those it built itself
 * and `settings` for any other; `list` names one package; `build` takes a second, noting in `timeline` when it starts
 * and ends, and writes a binary that prints the version.
 */
function standInGo(timeline: string, settings = goBuildSettings): void {
  fs.writeFileSync(path.join(onPath, "go"), `#!/bin/sh
if [ "$1" = version ]; then
  if grep -q built-by-go "$3"; then printf '\\tbuild\\t%s\\n' ${goBuildSettings.join(" ")}; else printf '\\tbuild\\t%s\\n' ${settings.join(" ")}; fi
  exit 0
fi
module=$(basename "$2"); shift 2
case $1 in list) echo one/package ;; build)
  while [ "$1" != -o ]; do shift; done
  echo "start $module" >> ${timeline}; sleep 1
  printf '#!/bin/sh\\n# built-by-go\\necho v${locked}\\n' > "$2"; chmod +x "$2"
  echo "end $module" >> ${timeline} ;;
esac
`, { mode: 0o755 });
}
/** Where scripts/pulumi-env.ts looks when no version is asked for. */
const selected = () => fs.readlinkSync(path.join(cache, `selected-v${locked}`));

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-"));
  onPath = path.join(work, "path");
  cache = path.join(work, "cache");
  fs.mkdirSync(onPath);
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

describe("build-pulumi-cli.sh", () => {
  it("links a pulumi of any supported version on PATH, with its language hosts, instead of building, and selects it", () => {
    const version = "3.265.1";
    const pulumi = standIn(onPath, "pulumi", `v${version}`);
    for (const host of HOSTS) standIn(onPath, host);

    const first = run();
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n").pop()).toBe(binOf(version));
    expect(first.stderr).toContain(`using ${pulumi} (v${version}, on PATH) instead of building; PULUMI_CLI_SOURCE=build builds v${locked} from Go modules`);
    for (const name of ["pulumi", ...HOSTS]) expect(fs.readlinkSync(path.join(binOf(version), name))).toBe(path.join(onPath, name));
    expect(fs.readFileSync(path.join(binOf(version), "pulumi-resource-pulumi-nodejs"), "utf8")).toContain("node");
    expect(selected()).toBe(binOf(version));

    const second = run();
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(`[pulumi-cli] cached: ${binOf(version)} (v${version})\n`);
  });

  it("takes an installed pulumi when the cache's folder does not exist yet, but not the cache's own on PATH", () => {
    cache = path.join(work, "no", "such", "cache");
    standIn(onPath, "pulumi");
    standIn(onPath, "pulumi-language-nodejs");
    expect(run({}, ["nodejs"]).code).toBe(0);
    expect(selected()).toBe(binOf(locked));

    fs.rmSync(onPath, { recursive: true });
    fs.symlinkSync(binOf(locked), onPath);
    const own = run({ PULUMI_CLI_SOURCE: "path" }, ["nodejs"]);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain("PULUMI_CLI_SOURCE=path, but no pulumi of a supported version");
  });

  it("gets only the language hosts named, and the rest when a later command names them", () => {
    standIn(onPath, "pulumi");
    standIn(onPath, "pulumi-language-nodejs");

    expect(run({}, ["nodejs"]).code).toBe(0);
    expect(fs.readdirSync(binOf(locked)).sort()).toEqual(["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]);

    const all = run();
    expect(all.code).toBe(1);
    expect(all.stderr).toContain("Go is needed to build the Pulumi CLI");

    expect(run({}, ["yaml", "deno"]).stderr).toContain("unknown language host 'deno': name nodejs, yaml or go");
  });

  it("keeps a language host already in the cache and builds only what neither has", () => {
    standIn(onPath, "pulumi");
    fs.mkdirSync(binOf(locked), { recursive: true });
    const yaml = standIn(binOf(locked), "pulumi-language-yaml", "built-by-hand");

    const result = run();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Go is needed to build the Pulumi CLI");
    expect(fs.lstatSync(yaml).isSymbolicLink()).toBe(false);
    expect(fs.readlinkSync(path.join(binOf(locked), "pulumi"))).toBe(path.join(onPath, "pulumi"));
  });

  it("builds the locked version, ignoring the CLI on PATH, when PULUMI_CLI_SOURCE=build, and drops links made before", () => {
    for (const name of ["pulumi", ...HOSTS]) standIn(onPath, name);
    expect(run().code).toBe(0);

    const forced = run({ PULUMI_CLI_SOURCE: "build" });
    expect(forced.code).toBe(1);
    expect(forced.stderr).not.toContain("using");
    expect(forced.stderr).toContain(`Go is needed to build the Pulumi CLI (v${locked} into ${binOf(locked)})`);
    expect(fs.existsSync(path.join(binOf(locked), "pulumi"))).toBe(false);
  });

  it.each(["3.258.0", "4.0.0", "3.300.0-alpha.1"])("does not take a pulumi %s, outside the peer range, and PULUMI_CLI_SOURCE=path then says why it cannot", (version) => {
    standIn(onPath, "pulumi", `v${version}`);

    const auto = run();
    expect(auto.code).toBe(1);
    expect(auto.stderr).toContain(`Go is needed to build the Pulumi CLI (v${locked} into ${binOf(locked)})`);

    const forced = run({ PULUMI_CLI_SOURCE: "path" });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain(`PULUMI_CLI_SOURCE=path, but no pulumi of a supported version (>= ${oldest}, < 4) is on PATH`);
  });

  it("takes exactly the version PULUMI_VERSION asks for (oldest: the peer range's lower bound), and leaves the selection alone", () => {
    for (const name of ["pulumi", ...HOSTS]) standIn(onPath, name, `v${oldest}`);
    expect(run().code).toBe(0);
    expect(selected()).toBe(binOf(oldest));

    const other = run({ PULUMI_VERSION: "3.270.0" });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`Go is needed to build the Pulumi CLI (v3.270.0 into ${binOf("3.270.0")})`);
    expect(run({ PULUMI_VERSION: "3.270.0", PULUMI_CLI_SOURCE: "path" }).stderr).toContain("PULUMI_CLI_SOURCE=path, but no pulumi v3.270.0 is on PATH");

    const exact = run({ PULUMI_VERSION: "oldest" }, ["nodejs"]);
    expect(exact.code).toBe(0);
    expect(exact.stdout.split("\n").pop()).toBe(binOf(oldest));
    fs.rmSync(path.join(cache, `selected-v${locked}`));
    expect(run({ PULUMI_VERSION: oldest }).code).toBe(0);
    expect(fs.existsSync(path.join(cache, `selected-v${locked}`))).toBe(false);
  });

  it("builds the language hosts beside the CLI, not after it", () => {
    const timeline = path.join(work, "timeline");
    standInGo(timeline);
    const built = run({}, ["nodejs", "go"]);
    expect(built.stderr).toContain(`[pulumi-cli] ready: v${locked} in ${binOf(locked)}`);
    expect(built.code).toBe(0);
    const events = fs.readFileSync(timeline, "utf8").trim().split("\n");
    expect(events.indexOf("start nodejs-host")).toBeLessThan(events.indexOf("end cli"));
    // The hosts, one after the other.
    expect(events.indexOf("end nodejs-host")).toBeLessThan(events.indexOf("start go-host"));
  });

  it("rebuilds what the cache holds when it was built with other settings than scripts/go-build.conf's, and only then", () => {
    const timeline = path.join(work, "timeline");
    fs.mkdirSync(binOf(locked), { recursive: true });
    for (const name of ["pulumi", ...HOSTS, "pulumi-resource-pulumi-nodejs"]) standIn(binOf(locked), name);
    standInGo(timeline);
    expect(run().stderr).toContain(`[pulumi-cli] cached: ${binOf(locked)} (v${locked})`);
    expect(fs.existsSync(timeline)).toBe(false);

    standInGo(timeline, goBuildSettings.map((setting) => (setting.startsWith("CGO_ENABLED=") ? "CGO_ENABLED=1" : setting)));
    const rebuilt = run();
    expect(rebuilt.stderr).toContain(`[pulumi-cli] building into ${binOf(locked)}`);
    expect(rebuilt.stderr).toContain(`[pulumi-cli] ready: v${locked} in ${binOf(locked)}`);
    expect(rebuilt.code).toBe(0);
    expect(fs.readFileSync(timeline, "utf8").trim().split("\n").sort()).toEqual(["end cli", "end go-host", "end nodejs-host", "end yaml-host", "start cli", "start go-host", "start nodejs-host", "start yaml-host"]);
  });

  it("refuses any other PULUMI_CLI_SOURCE, naming what is allowed", () => {
    const result = run({ PULUMI_CLI_SOURCE: "download" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("PULUMI_CLI_SOURCE must be 'path', 'build' or unset, not 'download'");
  });

  it("waits for another run for the same version to finish, then finds that version cached (npm test gets the oldest CLI beside the tests)", () => {
    const version = "3.265.1";
    standIn(onPath, "pulumi", `v${version}`);
    for (const host of HOSTS) standIn(onPath, host);
    expect(run().code).toBe(0);
    // Another run holds the version's lock for a second; this one waits for it rather than building beside it.
    const lock = path.join(cache, `pulumi-v${version}.lock`);
    const holder = spawnSync("bash", ["-c", `flock ${lock} sleep 1 & sleep 0.2; bash ${script}; wait`], { env: { HOME: work, PATH: [onPath, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter), PULUMI_CLI_CACHE: cache }, encoding: "utf8" });
    expect(holder.status).toBe(0);
    expect(holder.stderr).toContain(`waiting for another run of this script for v${version} to finish`);
    expect(holder.stderr).toContain(`cached: ${binOf(version)} (v${version})`);
  });

  describe("beside-oldest-cli.sh, which npm test runs jest with", () => {
    const beside = (command: string[]) => {
      // No Go and no pulumi on PATH: the oldest CLI's build fails at once, "Go is needed".
      const PATH = [onPath, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter);
      return spawnSync("bash", [path.join(root, "scripts", "beside-oldest-cli.sh"), ...command], { env: { HOME: work, PATH, PULUMI_CLI_CACHE: cache }, encoding: "utf8" });
    };

    it("fails when the command passed but the oldest CLI's build failed, showing the build's output", () => {
      const result = beside(["true"]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`the oldest Pulumi CLI's build failed (see ${path.join(cache, "oldest-cli.log")})`);
      expect(result.stderr).toContain(`Go is needed to build the Pulumi CLI (v${oldest}`);
    });

    it("exits with the command's code when the command failed", () => {
      expect(beside(["sh", "-c", "exit 3"]).status).toBe(3);
    });
  });
});

