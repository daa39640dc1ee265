/** How jest runs the files: those marked `@mostly-waiting` in a lane of their own, beside the workers of the rest. */
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

/**
 * Files that each pass only once all of them have started, run by jest with two workers and this repository's config:
 * a file that cannot start until another has ended waits 30 s for it in vain and fails.
 */
function meetingFiles(files: Record<string, boolean>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lanes-"));
  const count = Object.keys(files).length;
  for (const [name, waits] of Object.entries(files)) {
    fileWith(dir, `${name}.test.js`, `/**\n * A file of the lanes' test.\n${waits ? " * @mostly-waiting" : " *"}\n */
      const fs = require("node:fs");
      const path = require("node:path");
      it("meets the others", async () => {
        fs.writeFileSync(path.join(${JSON.stringify(dir)}, "${name}.started"), "");
        const started = () => fs.readdirSync(${JSON.stringify(dir)}).filter((f) => f.endsWith(".started")).length;
        for (let i = 0; i < 300 && started() < ${count}; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(started()).toBe(${count});
      }, 60000);`);
  }
  const run = spawnSync(
    process.execPath,
    [require.resolve("jest/bin/jest"), "--config", path.join(root, "jest.config.js"), "--rootDir", root, "--roots", dir, "--testMatch", "**/*.test.js", "--maxWorkers", "2", "--reporters", "default"],
    { encoding: "utf8", cwd: root, timeout: 150_000 },
  );
  return run.stderr;
}

it("runs the files marked @mostly-waiting beside the maxWorkers files of the rest, not in their place", () => {
  // With two workers and no lane of its own for the waiting file, the third starts only after one of the first two.
  expect(meetingFiles({ "busy-one": false, "busy-two": false, waiting: true })).toContain("Tests:       3 passed, 3 total");
});

it("runs marked files maxWorkers at a time when there is nothing to run beside them", () => {
  expect(meetingFiles({ "waiting-one": true, "waiting-two": true })).toContain("Tests:       2 passed, 2 total");
});
