/** How jest runs the files: those marked `@mostly-waiting` one at a time in a worker more, beside the workers of the rest. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// The runner is plain JavaScript (jest loads it untransformed), so it has no types to import.
const { mostlyWaiting }: { mostlyWaiting: (testPath: string) => boolean } = require("./waiting-lane");

const fileWith = (dir: string, name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

it("takes a file as mostly waiting when a line of its opening comment begins with @mostly-waiting", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tags-"));
  expect(mostlyWaiting(fileWith(dir, "tagged.test.ts", "/**\n * Waits on fault windows.\n * @mostly-waiting\n */\n"))).toBe(true);
  expect(mostlyWaiting(fileWith(dir, "with-reason.test.ts", "/**\n * @mostly-waiting: on a backend's retries.\n */\n"))).toBe(true);
  expect(mostlyWaiting(fileWith(dir, "prose.test.ts", "/**\n * Unlike the @mostly-waiting files, this one is busy.\n */\n"))).toBe(false);
  expect(mostlyWaiting(fileWith(dir, "later-comment.test.ts", "/** Not this one. */\n/** @mostly-waiting */\n"))).toBe(false);
  expect(mostlyWaiting(fileWith(dir, "longer-word.test.ts", "/**\n * @mostly-waiting-not\n */\n"))).toBe(false);
});

const root = path.resolve(__dirname, "../..");

/** A file of the lanes' tests: whether it is marked @mostly-waiting, and which files must have started before it passes. */
interface LaneFile {
  waits: boolean;
  /** The names of files that must have started, or a number: that many of the files not marked. */
  meets: string[] | number;
}

/**
 * Files that each pass only once the files they meet have started, run by jest with two workers and this repository's
 * config: a file whose meeting cannot happen (the files it waits for cannot start while it runs) waits 30 s in vain and
 * fails.
 */
function laneRun(files: Record<string, LaneFile>, env: NodeJS.ProcessEnv = process.env): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lanes-"));
  const busy = Object.keys(files).filter((name) => !files[name].waits);
  for (const [name, { waits, meets }] of Object.entries(files)) {
    const met = typeof meets === "number" ? `started().filter((f) => ${JSON.stringify(busy)}.includes(f)).length >= ${meets}` : `${JSON.stringify(meets)}.every((f) => started().includes(f))`;
    fileWith(dir, `${name}.test.js`, `/**\n * A file of the lanes' test.\n${waits ? " * @mostly-waiting" : " *"}\n */
      const fs = require("node:fs");
      const path = require("node:path");
      const started = () => fs.readdirSync(${JSON.stringify(dir)}).filter((f) => f.endsWith(".started")).map((f) => f.slice(0, -".started".length));
      it("meets the others", async () => {
        fs.writeFileSync(path.join(${JSON.stringify(dir)}, "${name}.started"), "");
        for (let i = 0; i < 300 && !(${met}); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(${met}).toBe(true);
      }, 60000);`);
  }
  const run = spawnSync(
    process.execPath,
    [require.resolve("jest/bin/jest"), "--config", path.join(root, "jest.config.js"), "--rootDir", root, "--roots", dir, "--testMatch", "**/*.test.js", "--maxWorkers", "2", "--reporters", "default"],
    { encoding: "utf8", cwd: root, timeout: 150_000, env },
  );
  return run.stderr;
}

/** Files that each pass only once all of them have started. */
const meetingFiles = (marked: Record<string, boolean>): string => {
  const names = Object.keys(marked);
  return laneRun(Object.fromEntries(names.map((name) => [name, { waits: marked[name], meets: names }])));
};

it("runs the files marked @mostly-waiting beside the maxWorkers files of the rest, not in their place", () => {
  // With two workers and no lane of its own for the waiting file, the third starts only after one of the first two.
  expect(meetingFiles({ "busy-one": false, "busy-two": false, waiting: true })).toContain("Tests:       3 passed, 3 total");
});

it("runs marked files maxWorkers at a time when there is nothing to run beside them", () => {
  expect(meetingFiles({ "waiting-one": true, "waiting-two": true })).toContain("Tests:       2 passed, 2 total");
});

it("runs the rest in the waiting files' worker too once no marked file is left to start", () => {
  // The marked file passes at once; the three others pass only once all three have started.
  const busy = ["busy-one", "busy-two", "busy-three"];
  const files: Record<string, LaneFile> = { waiting: { waits: true, meets: [] } };
  for (const name of busy) files[name] = { waits: false, meets: busy };
  expect(laneRun(files)).toContain("Tests:       4 passed, 4 total");
});

/**
 * Each marked file passes once two of the others have started; these pass once both marked files have started. Had the
 * third of them taken the worker the first marked file left, the second could not start, and all would wait.
 */
function markedNextFiles(): Record<string, LaneFile> {
  const files: Record<string, LaneFile> = { "waiting-one": { waits: true, meets: 2 }, "waiting-two": { waits: true, meets: 2 } };
  for (const name of ["busy-one", "busy-two", "busy-three"]) files[name] = { waits: false, meets: ["waiting-one", "waiting-two"] };
  return files;
}

it("starts the next marked file as soon as the one before it ends, before any file of the rest still to start", () => {
  expect(laneRun(markedNextFiles())).toContain("Tests:       5 passed, 5 total");
});

it("keeps that order when emittery's DEBUG log prints every event jest-runner sends", () => {
  expect(laneRun(markedNextFiles(), { ...process.env, DEBUG: "emittery" })).toContain("Tests:       5 passed, 5 total");
});
