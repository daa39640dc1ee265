/**
 * A test file's pragmas: the lines of its opening comment that begin with `@name` (`@long-running`: see
 * end-to-end-first.js). A tag in the middle of a sentence is prose, not a pragma. Plain JavaScript: jest loads it untransformed.
 */
const fs = require("node:fs");

/** Whether the opening comment of the file at `testPath` has a line that begins with `@<name>`. */
function hasPragma(testPath, name) {
  const comment = /^\/\*\*([\s\S]*?)\*\//.exec(fs.readFileSync(testPath, "utf8"))?.[1] ?? "";
  return comment.split("\n").some((line) => new RegExp(`^\\s*\\*?\\s*@${name}(?=$|[\\s:])`).test(line));
}

module.exports = { hasPragma };
