// Compiles the TypeScript sources into dist/, only when they changed since the last compile: a
// content stamp of what tsconfig.json compiles and of the lockfile (a dependency's types decide what
// compiles), kept in dist/ (so deleting dist/ forces a build).
// The compile itself is incremental. npm's `prepare` runs this, so `npm ci`, `npm pack` and
// `npm install <git url>` all get dist/; every npm script that runs something from dist/ runs it
// first, so an edited source is never served stale.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { contentStamp, readStamp, writeStamp } = require("./content-stamp");
const packedManifest = require("./packed-manifest");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const stampFile = path.join(dist, ".source-stamp");
const buildInfo = "tsconfig.tsbuildinfo";

function sourceStamp() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"));
  // A glob would hash as a missing file, and edits under it would go unseen: refuse it loudly.
  const exclude = tsconfig.exclude ?? [];
  const glob = [...tsconfig.include, ...exclude].find((entry) => /[*?]/.test(entry));
  if (glob) throw new Error(`scripts/build.js hashes the folders tsconfig.json names; it cannot follow the glob '${glob}'`);
  const compiler = require("typescript/package.json").version;
  return contentStamp(root, ["tsconfig.json", "package-lock.json", ...tsconfig.include], { exclude, values: [compiler] });
}

/** Removes outputs whose source is gone (tsc never does), so a moved or deleted file is not packed. */
function pruneOrphans(dir = dist) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      pruneOrphans(file);
      if (fs.readdirSync(file).length === 0) fs.rmdirSync(file);
      continue;
    }
    if (dir === dist) continue; // the stamp and tsc's build info
    const relative = path.relative(dist, file);
    const source = /\.(d\.ts\.map|js\.map|d\.ts|js)$/.test(relative) ? relative.replace(/\.(d\.ts\.map|js\.map|d\.ts|js)$/, ".ts") : relative;
    if (!fs.existsSync(path.join(root, source))) fs.rmSync(file);
  }
}

/** Brings dist/ up to date with the sources; returns whether it had to compile. */
function build() {
  packedManifest.restore(); // package.json as it was, should a pack have died before its postpack
  const stamp = sourceStamp();
  if (readStamp(stampFile) === stamp) return false;
  process.stderr.write("[build] compiling TypeScript into dist/ (sources changed)\n");
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json"), "--incremental", "--tsBuildInfoFile", path.join(dist, buildInfo)], {
    cwd: root,
    stdio: "inherit",
  });
  pruneOrphans();
  writeStamp(stampFile, stamp);
  return true;
}

module.exports = { build };

if (require.main === module) {
  try {
    build();
  } catch (error) {
    if (error.status === undefined) throw error;
    process.exit(1); // tsc has printed the errors
  }
}
