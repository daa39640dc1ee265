/**
 * How jest runs the files: those that spend most of their time waiting (on fault windows, a backend's retries, timers),
 * marked by a line of their opening comment that begins with `@mostly-waiting`, in a lane of their own, one after
 * another in a worker of its own, beside the `maxWorkers` workers that run the rest. On two cores the suite is bound by
 * CPU: a file that waits minutes for a tenth of a core held one of the two workers, and the CPU idled for it (a cold
 * clean-clone run spent its last minutes at 45-67% CPU on such files). In their own lane they wait beside two busy
 * files instead. One lane when there is nothing to run beside: a run jest makes in band (one file, `-i`), one of
 * `--maxWorkers 1`, or one of marked files alone. The two lanes' workers are numbered from 1 each (JEST_WORKER_ID):
 * nothing here may key on that number. Plain JavaScript: jest loads it untransformed. Issue 26.
 */
const fs = require("node:fs");
const TestRunner = require("jest-runner").default;

/** Whether a line of the file's opening comment begins with `@mostly-waiting` (the tag inside a sentence is prose). */
function mostlyWaiting(testPath) {
  let text;
  try {
    text = fs.readFileSync(testPath, "utf8");
  } catch {
    return false; // gone since jest found it: jest reports that file itself
  }
  const comment = /^\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? "";
  return comment.split("\n").some((line) => /^\s*\*?\s*@mostly-waiting(?=$|[\s:])/.test(line));
}

class WaitingLane {
  supportsEventEmitters = true;
  isSerial = false;

  constructor(globalConfig, context) {
    this.globalConfig = globalConfig;
    this.busy = new TestRunner(globalConfig, context);
    this.waiting = new TestRunner({ ...globalConfig, maxWorkers: 1 }, context);
  }

  /** The files in the sequencer's order, each lane keeping it. */
  async runTests(tests, watcher, options) {
    const waiting = tests.filter((test) => mostlyWaiting(test.path));
    const busy = tests.filter((test) => !waiting.includes(test));
    if (options.serial || this.globalConfig.maxWorkers <= 1 || waiting.length === 0 || busy.length === 0) {
      return this.busy.runTests(tests, watcher, options);
    }
    // Both lanes to their end, even when one fails, so that no file still runs when jest reports the run.
    const ended = await Promise.allSettled([this.busy.runTests(busy, watcher, options), this.waiting.runTests(waiting, watcher, options)]);
    const failed = ended.find((lane) => lane.status === "rejected");
    if (failed) throw failed.reason;
  }

  on(eventName, listener) {
    const unsubscribes = [this.busy.on(eventName, listener), this.waiting.on(eventName, listener)];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }
}

module.exports = WaitingLane;
module.exports.mostlyWaiting = mostlyWaiting;
