// A content stamp: one hash over the names and bytes of a set of files, so a build step can tell
// "nothing changed since I last ran" in milliseconds and skip itself. Timestamps would not do: a
// checkout, a copy or `npm ci` changes them without changing anything that matters.
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/**
 * The hash of `values` and of every file under `entries` (files or folders, relative to `root`),
 * skipping the folders in `exclude`. A missing entry counts as empty, so removing it changes the hash.
 */
function contentStamp(root, entries, { exclude = [], values = [] } = {}) {
  const hash = crypto.createHash("sha256");
  for (const value of values) hash.update(`value ${value}\0`);
  const skipped = new Set(exclude.map((entry) => path.join(root, entry)));
  const visit = (file) => {
    if (skipped.has(file)) return;
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) visit(path.join(file, name));
    } else {
      hash.update(`file ${path.relative(root, file)}\0`).update(fs.readFileSync(file)).update("\0");
    }
  };
  for (const entry of entries) visit(path.join(root, entry));
  return hash.digest("hex");
}

/** The stamp stored in `file` by the last successful run, if any. */
function readStamp(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function writeStamp(file, stamp) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stamp);
}

module.exports = { contentStamp, readStamp, writeStamp };
