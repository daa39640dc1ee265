/**
 * The order jest runs the files in: end-to-end files first, then the unit files, each kind in jest's own order (the
 * last run's slowest first, or on a clean clone, where it knows no times, the largest file first). jest's order alone
 * mixes them, and a run then ended on one end-to-end file of minutes while the other worker had nothing left; the unit
 * files, seconds each, come last and fill the gaps. tests/setup/waiting-lane.js keeps this order within the marked files
 * and within the rest.
 * Plain JavaScript: jest loads it untransformed (issue 26).
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
