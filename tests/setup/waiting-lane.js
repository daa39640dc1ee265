/**
 * How jest runs the files: those that spend most of their time waiting (on fault windows, a backend's retries, timers),
 * marked by a line of their opening comment that begins with `@mostly-waiting`, in a lane of their own, one after
 * another in a worker of its own, beside the `maxWorkers` workers that run the rest. On two cores the suite is bound by
 * CPU: a file that waits minutes for a tenth of a core held one of the two workers, and the CPU idled for it (a
 * clean-clone run spent its last six minutes at 75%, on such files). In their own lane they wait beside two busy
 * files instead. A run jest makes in band (one file, `-i`) stays one lane. Plain JavaScript: jest loads it
 * untransformed. Issue 26.
 */
const fs = require("node:fs");
const TestRunner = require("jest-runner").default;

/** Whether a line of the file's opening comment begins with `@mostly-waiting` (the tag inside a sentence is prose). */
function mostlyWaiting(testPath) {
  const comment = /^\/\*\*([\s\S]*?)\*\//.exec(fs.readFileSync(testPath, "utf8"))?.[1] ?? "";
  return comment.split("\n").some((line) => /^\s*\*?\s*@mostly-waiting(?=$|[\s:])/.test(line));
}

class WaitingLane {
  supportsEventEmitters = true;
  isSerial = false;

  constructor(globalConfig, context) {
    this.busy = new TestRunner(globalConfig, context);
    this.waiting = new TestRunner({ ...globalConfig, maxWorkers: 1 }, context);
  }

  /** The files in the sequencer's order, each lane keeping it. */
  async runTests(tests, watcher, options) {
    if (options.serial) return this.busy.runTests(tests, watcher, options);
    const waiting = tests.filter((test) => mostlyWaiting(test.path));
    const busy = tests.filter((test) => !waiting.includes(test));
    const lanes = [
      [this.busy, busy],
      [this.waiting, waiting],
    ].filter(([, files]) => files.length > 0);
    await Promise.all(lanes.map(([runner, files]) => runner.runTests(files, watcher, options)));
  }

  on(eventName, listener) {
    const unsubscribes = [this.busy.on(eventName, listener), this.waiting.on(eventName, listener)];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }
}

module.exports = WaitingLane;
module.exports.mostlyWaiting = mostlyWaiting;
