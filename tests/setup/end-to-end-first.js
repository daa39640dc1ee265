/**
 * The order jest runs the files in. End-to-end files first: jest's own order (the last run's slowest first, or on a clean
 * clone, where it knows no times, the largest file first) mixes them with the unit files, and a run then ends on one
 * end-to-end file of minutes while the other worker has nothing left. Among them, those whose opening comment says
 * `@long-running` (minutes spent mostly waiting, on fault windows or a backend's retries, in a small file) come first, beside
 * the large ones that keep the CPU busy; a clean-clone run ended on reliability's 215 s nearly idle, started last for its
 * size. The unit files, seconds each, come last and fill the gaps (issue 26). Plain JavaScript: jest loads it untransformed.
 */
const fs = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

const endToEnd = (test) => /[\\/]tests[\\/]e2e[\\/]/.test(test.path);
/** Whether the file's opening comment says `@long-running`. */
const longRunning = (test) => /@long-running\b/.test(/^\/\*\*([\s\S]*?)\*\//.exec(fs.readFileSync(test.path, "utf8"))?.[1] ?? "");

class EndToEndFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => (!endToEnd(test) ? 2 : longRunning(test) ? 0 : 1);
    return [0, 1, 2].flatMap((r) => sorted.filter((test) => rank(test) === r));
  }
}

module.exports = EndToEndFirst;
