/**
 * The order jest runs the files in. End-to-end files first: jest's own order (the last run's slowest first, or on a clean
 * clone, where it knows no times, the largest file first) mixes them with the unit files, and a run then ends on one
 * end-to-end file of minutes while the other worker has nothing left. Those whose opening comment has a line
 * `@long-running` (minutes spent mostly waiting, on fault windows or a backend's retries, in a small file) are spread
 * evenly through the others, the first at the start, so that each runs beside files that keep the CPU busy: a
 * clean-clone run ended on reliability's 215 s nearly idle, started last for its size, and one that started both
 * long-running files together used a fifth of the CPU for their first two minutes. The unit files, seconds each, come
 * last and fill the gaps (issue 26). Plain JavaScript: jest loads it untransformed.
 */
const fs = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

const endToEnd = (test) => /[\\/]tests[\\/]e2e[\\/]/.test(test.path);
/** Whether a line of the file's opening comment begins with `@long-running` (a tag inside a sentence is prose). */
const longRunning = (test) => {
  const comment = /^\/\*\*([\s\S]*?)\*\//.exec(fs.readFileSync(test.path, "utf8"))?.[1] ?? "";
  return comment.split("\n").some((line) => /^\s*\*?\s*@long-running(?=$|[\s:])/.test(line));
};

class EndToEndFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const waiting = sorted.filter((test) => endToEnd(test) && longRunning(test));
    const busy = sorted.filter((test) => endToEnd(test) && !longRunning(test));
    // The k-th of n long-running files goes before the busy file at k/n of their list.
    const before = (i) => waiting.filter((_, k) => Math.floor((k * busy.length) / waiting.length) === i);
    const spread = busy.length === 0 ? waiting : busy.flatMap((test, i) => [...before(i), test]);
    return [...spread, ...sorted.filter((test) => !endToEnd(test))];
  }
}

module.exports = EndToEndFirst;
