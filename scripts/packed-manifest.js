// The package.json that `npm pack` and `npm publish` put in the package: this one without its install scripts
// (`prepare` here). npm lists `prepare` as an install script of a package installed from a tarball, and warns about
// it; the repository needs it, for `npm ci` and `npm install <git url>` to compile. The other scripts stay: an install
// never runs them.
// npm packs package.json as it is on disk, between `prepack` and `postpack`: `strip` (prepack) writes it without the
// install scripts, `restore` (postpack) puts the original back, and so does every build (scripts/build.js), so a pack
// that died before its postpack is mended by the next command. Only install scripts are ever taken out, so even then
// every `npm run` command still runs.
//
// The original waits in .work/packing-package.json, written only from a package.json that has its install scripts, so
// a strip during another pack, or after one that died, keeps the true original.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const manifestFile = path.join(root, "package.json");
const waiting = path.join(root, ".work", "packing-package.json");
/** The scripts npm runs, or warns it would run, when a package is installed from a tarball. */
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"];

function strip() {
  const text = fs.readFileSync(manifestFile, "utf8");
  const manifest = JSON.parse(text);
  const present = INSTALL_SCRIPTS.filter((name) => manifest.scripts?.[name] !== undefined);
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
