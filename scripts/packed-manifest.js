// The package.json that `npm pack` and `npm publish` put in the package: this one without the scripts npm runs around
// an install or a pack (`prepare`, `prepack`, `postpack`: the repository's build, from folders the package does not
// ship). npm lists `prepare` as an install script of a package installed from a tarball, and warns about it, and a
// packed package packed again would run the others and fail. The repository needs them, for `npm ci` and `npm install
// <git url>` to compile. The other scripts stay: nothing runs them but a user who asks.
// npm packs package.json as it is on disk, between `prepack` and `postpack`: `strip` (prepack) writes it without
// those scripts, `restore` (postpack) puts the original back, and so does every build (scripts/build.js), so a pack
// that died before its postpack is mended by the next command. Only those scripts are ever taken out, so even then
// every `npm run` command still runs.
//
// The original waits in .work/packing-package.json, written only from a package.json that has those scripts, so a
// strip during another pack, or after one that died, keeps the true original.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const manifestFile = path.join(root, "package.json");
const waiting = path.join(root, ".work", "packing-package.json");
/** The scripts npm runs, or warns it would run, when a package is installed from a tarball or packed. */
const LIFECYCLE_SCRIPTS = ["preinstall", "install", "postinstall", "prepare", "prepack", "postpack"];

function strip() {
  const text = fs.readFileSync(manifestFile, "utf8");
  const manifest = JSON.parse(text);
  const present = LIFECYCLE_SCRIPTS.filter((name) => manifest.scripts?.[name] !== undefined);
  if (present.length === 0) return; // stripped already: the original is waiting
  fs.mkdirSync(path.dirname(waiting), { recursive: true });
  fs.writeFileSync(waiting, text);
  for (const name of present) delete manifest.scripts[name];
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}

function restore() {
  if (!fs.existsSync(waiting)) return;
  fs.copyFileSync(waiting, manifestFile);
  fs.rmSync(waiting);
}

module.exports = { restore };

if (require.main === module) {
  const command = { strip, restore }[process.argv[2]];
  if (!command) {
    console.error("usage: node scripts/packed-manifest.js strip|restore");
    process.exit(2);
  }
  command();
}
