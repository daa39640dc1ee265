/**
 * Starts the end-to-end files before the unit files: jest's own order (the last run's slowest first, or on a clean clone,
 * where it knows no times, the largest file first) mixes them, and a run then ends on one end-to-end file of minutes
 * while the other worker has nothing left (issue 26: reliability's two minutes alone at the end of a clean-clone run).
 * The unit files, seconds each, come last and fill the gaps. Plain JavaScript: jest loads it without ts-jest.
 */
const Sequencer = require("@jest/test-sequencer").default;

const endToEnd = (test) => /[\\/]tests[\\/]e2e[\\/]/.test(test.path);

class EndToEndFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter(endToEnd), ...sorted.filter((test) => !endToEnd(test))];
  }
}

module.exports = EndToEndFirst;
