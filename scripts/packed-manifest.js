// The package.json that `npm pack` and `npm publish` put in the package: this one without `scripts`. They are this
// repository's (its build, demo and tests, from folders the package does not ship), so none can run in a user's
// install; and npm lists `prepare` as an install script of a package installed from a tarball, and warns about it.
// npm packs package.json as it is on disk, between `prepack` and `postpack`: `strip` (prepack) writes it without
// `scripts`, `restore` (postpack) puts the original back.
//
// The original waits in .work/packing-package.json, written only from a package.json that has its scripts, so a strip
// after a pack that died before its restore, or during another pack, keeps the true original; a restore with nothing
// waiting leaves package.json alone. So a failed or concurrent pack never loses the repository's scripts.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const manifestFile = path.join(root, "package.json");
const waiting = path.join(root, ".work", "packing-package.json");

function strip() {
  const text = fs.readFileSync(manifestFile, "utf8");
  const { scripts, ...packed } = JSON.parse(text);
  if (scripts === undefined) return; // stripped already: the original is waiting
  fs.mkdirSync(path.dirname(waiting), { recursive: true });
  fs.writeFileSync(waiting, text);
  fs.writeFileSync(manifestFile, `${JSON.stringify(packed, null, 2)}\n`);
}

function restore() {
  if (!fs.existsSync(waiting)) return;
  fs.copyFileSync(waiting, manifestFile);
  fs.rmSync(waiting);
}

const commands = { strip, restore };
const command = commands[process.argv[2]];
if (!command) {
  console.error("usage: node scripts/packed-manifest.js strip|restore");
  process.exit(2);
}
command();
