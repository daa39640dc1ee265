/** The order jest runs the files in: end-to-end files first, those marked `@long-running` spread evenly through the others. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface Test { path: string }
// The sequencer is plain JavaScript (jest loads it untransformed), so it has no types to import.
const EndToEndFirst: new (options: unknown) => { sort(tests: Test[]): Test[] } = require("./end-to-end-first");

describe("the test order", () => {
  it("runs the end-to-end files first, those marked @long-running spread evenly through the others, then the unit files, each kind largest first when no run's times are known", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "order-"));
    const files: Record<string, string> = {
      "tests/provider/big-unit.test.ts": `/** A unit file. */\n${"x".repeat(9000)}`,
      "tests/e2e/small.test.ts": `/** An end-to-end file. */\n${"x".repeat(1000)}`,
      "tests/e2e/waits.test.ts": "/**\n * Mostly waiting.\n * @long-running\n */\n",
      "tests/emulator/unit.test.ts": `/** @long-running is said of end-to-end files only. */\n${"x".repeat(500)}`,
      "tests/e2e/large.test.ts": `/** An end-to-end file. */\n${"x".repeat(5000)}`,
      "tests/e2e/medium.test.ts": `/** An end-to-end file. */\n${"x".repeat(2000)}`,
      "tests/e2e/later-comment.test.ts": `/** Not this one. */\n/** @long-running */\n${"x".repeat(100)}`,
      "tests/e2e/prose.test.ts": `/**\n * Unlike the @long-running files, this one is busy.\n */\n${"x".repeat(50)}`,
      "tests/e2e/waits-most.test.ts": `/**\n * @long-running: the largest of them.\n */\n${"x".repeat(300)}`,
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    const context = { config: { cache: false }, hasteFS: { getSize: (file: string) => fs.statSync(file).size } };
    const tests = Object.keys(files).map((file) => ({ path: path.join(root, file), context }) as Test);
    const order = new EndToEndFirst({ contexts: new Set(), globalConfig: {} }).sort(tests).map((t) => path.relative(root, t.path));
    // Two long-running files among five busy ones: the first at the start, the second before the busy file at 2/4 of them.
    expect(order).toEqual([
      "tests/e2e/waits-most.test.ts",
      "tests/e2e/large.test.ts",
      "tests/e2e/medium.test.ts",
      "tests/e2e/waits.test.ts",
      "tests/e2e/small.test.ts",
      "tests/e2e/later-comment.test.ts",
      "tests/e2e/prose.test.ts",
      "tests/provider/big-unit.test.ts",
      "tests/emulator/unit.test.ts",
    ]);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
