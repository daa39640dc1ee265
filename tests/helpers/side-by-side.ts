/**
 * End-to-end cases that wait on kills, holds and settle windows more than on the CPU run side by side (issue 26):
 * each with an emulator and a temporary folder of its own, since the cases of one file share the emulator's default
 * account, app and names (the name locks and marks are keyed by the API's URL, so an emulator of its own keeps a case's
 * apart from another's), and the temporary files of its commands.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { EmulatorControl } from "./emulator";

/** `body` with an emulator and, for its stacks' commands, an environment (TMPDIR) of its own; both gone after it. */
export async function ownCase<T>(body: (emulator: EmulatorControl, env: Record<string, string>) => Promise<T>): Promise<T> {
  const emulator = new EmulatorControl(await startEmulator({ port: 0 }));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "case-"));
  try {
    return await body(emulator, { TMPDIR: tmp });
  } finally {
    await emulator.running.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Starts each task, at most `limit` at a time; each answer settles with its task (and counts as handled until awaited). */
export function sideBySide<K extends string, T>(tasks: Record<K, () => Promise<T>>, limit: number): Record<K, Promise<T>> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    while (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const answers = {} as Record<K, Promise<T>>;
  for (const key of Object.keys(tasks) as K[]) {
    answers[key] = slot().then(tasks[key]).finally(() => {
      running--;
      waiting.shift()?.();
    });
    answers[key].catch(() => undefined); // its test reports the failure
  }
  return answers;
}

/**
 * The cases of a whole file side by side, whichever describe block holds them: jest starts a block's it.concurrent
 * cases only once the block before has ended, so each block would wait on its slowest case. Made at the file's top
 * level; `it` registers a test at collection, and the cases of the tests that will run (tests/setup's environment
 * says which: `-t` and skips are honoured) start when the file begins, at most `limit` at a time, in the order
 * registered. A case starts before its block's hooks, so it makes what it needs (ownCase: an emulator of its own).
 * The file ends only once every case started has.
 */
export function sideBySideInFile(limit: number): {
  /** A test whose body runs side by side with the file's other cases; the test reports how it ended. */
  it: (title: string, body: () => Promise<unknown>) => void;
} {
  const cases = new Map<() => Promise<void>, () => Promise<unknown>>();
  let answers = new Map<() => Promise<void>, Promise<unknown>>();
  beforeAll(() => {
    const toRun = (globalThis as { __testsToRun?: Set<unknown> }).__testsToRun;
    if (!toRun) throw new Error("sideBySideInFile needs the test environment of tests/setup/own-tmpdir-environment.js");
    const selected = [...cases].filter(([test]) => toRun.has(test));
    const started = sideBySide(Object.fromEntries(selected.map(([, body], i) => [String(i), body])), limit);
    answers = new Map(selected.map(([test], i) => [test, started[String(i)]]));
  });
  afterAll(() => Promise.allSettled(answers.values()));
  return {
    it: (title, body) => {
      const test = async () => {
        await answers.get(test);
      };
      cases.set(test, body);
      it(title, test);
    },
  };
}
