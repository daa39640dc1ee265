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

it("runs the files marked @mostly-waiting beside the maxWorkers files of the rest, not in their place", () => {
  // Three files that each pass only once all three have started: with two workers and no lane of its own for the
  // waiting one, the third starts only after one of the first two has ended, which never happens (each times out).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lanes-"));
  const meet = (name: string, tag: string) =>
    fileWith(dir, `${name}.test.js`, `/**\n * A file of the lanes' test.\n${tag}\n */
      const fs = require("node:fs");
      const path = require("node:path");
      it("meets the other two", async () => {
        fs.writeFileSync(path.join(${JSON.stringify(dir)}, "${name}.started"), "");
        const started = () => fs.readdirSync(${JSON.stringify(dir)}).filter((f) => f.endsWith(".started")).length;
        for (let i = 0; i < 300 && started() < 3; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(started()).toBe(3);
      }, 60000);`);
  meet("busy-one", " *");
  meet("busy-two", " *");
  meet("waiting", " * @mostly-waiting");
  const run = spawnSync(
    process.execPath,
    [require.resolve("jest/bin/jest"), "--rootDir", path.resolve(__dirname, "../.."), "--roots", dir, "--testMatch", "**/*.test.js", "--maxWorkers", "2", "--reporters", "default"],
    { encoding: "utf8" },
  );
  expect(run.stderr).toContain("Tests:       3 passed, 3 total");
});
