/**
 * How jest runs the files: those that spend most of their time waiting (on fault windows, a backend's retries, timers),
 * marked by a line of their opening comment that begins with `@mostly-waiting`, one at a time in a worker of their own,
 * beside the `maxWorkers` workers that run the rest; once no marked file is left to start, that worker runs the rest
 * too. On two cores the suite is bound by CPU: a file that waits minutes for a tenth of a core held one of the two
 * workers, and the CPU idled for it (a cold clean-clone run spent its last minutes at 45-67% CPU on such files); and
 * the end-to-end files themselves wait a quarter of their time, so the second half of a run idled at 75-87% CPU with
 * two of them at a time. Marked files run more than one at a time only when the rest has no file left to start. jest's
 * own way, `maxWorkers` files at a time, when there is nothing to run beside: a run jest makes in band (one file,
 * `-i`), one of `--maxWorkers 1`, one of marked files alone, or one of several projects (whose files jest-runner sets
 * up by their context before any starts). Plain JavaScript: jest loads it untransformed. Issue 26.
 *
 * How: one jest-runner TestRunner with a worker more, given a slot a file. jest-runner starts a slot when a worker is
 * free, and the slot takes its file only then (see `pick`): it cannot know earlier which kind of worker it fills.
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

/** Until every promise job queued so far, and those they queue, have run: jest-runner's report of a file's end among them. */
const afterPendingJobs = () => new Promise((resolve) => setImmediate(resolve));

class WaitingLane {
  supportsEventEmitters = true;
  isSerial = false;

  constructor(globalConfig, context) {
    this.globalConfig = globalConfig;
    this.plain = new TestRunner(globalConfig, context);
    this.beside = new TestRunner({ ...globalConfig, maxWorkers: globalConfig.maxWorkers + 1 }, context);
    this.slots = new WeakMap(); // slot -> its file once taken, and whether that one is marked
    const ended = ([slot]) => {
      if (this.slots.get(slot)?.waits) this.waitingRunning--;
    };
    this.beside.on("test-file-success", ended);
    this.beside.on("test-file-failure", ended);
    // The start is awaited before the worker is given the file: its file is taken then, even with no other listener.
    this.beside.on("test-file-start", async ([slot]) => (await afterPendingJobs(), this.take(slot)));
  }

  /** The files in the sequencer's order, each kind keeping it. */
  async runTests(tests, watcher, options) {
    const waiting = tests.filter((test) => mostlyWaiting(test.path));
    const busy = tests.filter((test) => !waiting.includes(test));
    const oneContext = tests.every((test) => test.context === tests[0].context);
    if (options.serial || this.globalConfig.maxWorkers <= 1 || waiting.length === 0 || busy.length === 0 || !oneContext) {
      return this.plain.runTests(tests, watcher, options);
    }
    Object.assign(this, { waiting, busy, waitingRunning: 0 });
    return this.beside.runTests(tests.map(() => this.slot(tests[0].context)), watcher, options);
  }

  /**
   * A test as jest-runner sees one, whose file is the one `pick` gives it when it is first asked for. Not enumerable, so
   * that a look at the whole object (emittery's DEBUG log stringifies each event) does not take a file early.
   */
  slot(context) {
    const slot = { context };
    for (const name of ["path", "duration"]) Object.defineProperty(slot, name, { get: () => this.take(slot)[name], enumerable: false });
    return slot;
  }

  take(slot) {
    if (!this.slots.has(slot)) this.slots.set(slot, this.pick());
    return this.slots.get(slot).test;
  }

  /** A marked file when none runs, else one of the rest, else (none left) a marked file. */
  pick() {
    const waits = (this.waitingRunning === 0 && this.waiting.length > 0) || this.busy.length === 0;
    if (waits) this.waitingRunning++;
    return { test: (waits ? this.waiting : this.busy).shift(), waits };
  }

  /**
   * jest-runner starts a slot by reporting its start, which reads its file: each listener waits first until the report
   * of the file that freed the worker has come in (it comes a few promise jobs after the start), so that `pick` knows
   * which kind of worker it fills.
   */
  on(eventName, listener) {
    const beside = eventName === "test-file-start" ? async (args) => (await afterPendingJobs(), listener(args)) : listener;
    const unsubscribes = [this.plain.on(eventName, listener), this.beside.on(eventName, beside)];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }
}

module.exports = WaitingLane;
module.exports.mostlyWaiting = mostlyWaiting;
