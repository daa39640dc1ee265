// Installs this package, packed exactly as `npm pack` publishes it, into its own node_modules, so the
// examples and tests use it as a user's program does. That matters: Pulumi serializes a provider
// from an installed package as a one-line `require`, but copies a program's own code into state.
// Compiles first when the sources changed (build.js), and packs and installs only when what the
// package ships changed since the last install (a content stamp), so a warm run costs milliseconds.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { build } = require("./build");
const { contentStamp, readStamp, writeStamp } = require("./content-stamp");

const root = path.resolve(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const packDir = path.join(root, ".work", "pack");
const tarball = path.join(packDir, `${manifest.name}-${manifest.version}.tgz`);
const stampFile = path.join(packDir, "installed.stamp");
const target = path.join(root, "node_modules", manifest.name);

/**
 * Everything the package's `files` names, a glob by the folder it starts in, negations aside:
 * hashing a little more than npm packs only costs a pack.
 */
function packageStamp() {
  const entries = manifest.files.filter((entry) => !entry.startsWith("!")).map((entry) => entry.replace(/\/?[^/]*[*?].*$/, ""));
  if (entries.includes("")) throw new Error("scripts/install-local.js cannot follow a glob at the top of package.json's files");
  // packed-manifest.js decides which package.json the package ships.
  return contentStamp(root, ["package.json", "scripts/packed-manifest.js", ...entries]);
}

function install() {
  build();
  const stamp = packageStamp();
  const installed = fs.existsSync(tarball) && fs.existsSync(path.join(target, "package.json"));
  if (installed && readStamp(stampFile) === stamp) return;
  process.stderr.write(`[build] packing and installing ${manifest.name} into node_modules (package changed)\n`);
  fs.rmSync(packDir, { recursive: true, force: true });
  fs.mkdirSync(packDir, { recursive: true });
  // With its scripts: prepack and postpack pack package.json as it is published (packed-manifest.js); the build they
  // run first finds nothing to do, as build() has just run.
  execFileSync("npm", ["pack", "--json", "--pack-destination", packDir], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
  writeStamp(stampFile, stamp);
}

try {
  install();
} catch (error) {
  if (error.status === undefined) throw error;
  process.exit(1); // the failing command has printed why
}
