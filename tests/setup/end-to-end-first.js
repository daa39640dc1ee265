/**
 * The order jest runs the files in. End-to-end files first: jest's own order (the last run's slowest first, or on a clean
 * clone, where it knows no times, the largest file first) mixes them with the unit files, and a run then ends on one
 * end-to-end file of minutes while the other worker has nothing left. Those whose opening comment says `@long-running`
 * (minutes spent mostly waiting, on fault windows or a backend's retries, in a small file) take turns with the others, so
 * each starts beside one that keeps the CPU busy: a clean-clone run ended on reliability's 215 s nearly idle, started last
 * for its size, and one that started both long-running files together used a fifth of the CPU for their first two
 * minutes. The unit files, seconds each, come last and fill the gaps (issue 26). Plain JavaScript: jest loads it
 * untransformed.
 */
const fs = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

const endToEnd = (test) => /[\\/]tests[\\/]e2e[\\/]/.test(test.path);
/** Whether the file's opening comment says `@long-running`. */
const longRunning = (test) => /@long-running\b/.test(/^\/\*\*([\s\S]*?)\*\//.exec(fs.readFileSync(test.path, "utf8"))?.[1] ?? "");

class EndToEndFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const waiting = sorted.filter((test) => endToEnd(test) && longRunning(test));
    const busy = sorted.filter((test) => endToEnd(test) && !longRunning(test));
    const turns = Array.from({ length: Math.max(waiting.length, busy.length) }, (_, i) => [waiting[i], busy[i]]).flat();
    return [...turns.filter(Boolean), ...sorted.filter((test) => !endToEnd(test))];
  }
}

module.exports = EndToEndFirst;
