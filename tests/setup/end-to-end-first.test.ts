/** The order jest runs the files in: end-to-end files first, then the unit files. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface Test { path: string }
// The sequencer is plain JavaScript (jest loads it untransformed), so it has no types to import.
const EndToEndFirst: new (options: unknown) => { sort(tests: Test[]): Test[] } = require("./end-to-end-first");

describe("the test order", () => {
  it("runs the end-to-end files first, then the unit files, each kind largest first when no run's times are known", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "order-"));
    const files: Record<string, string> = {
      "tests/provider/big-unit.test.ts": `/** A unit file. */\n${"x".repeat(9000)}`,
      "tests/e2e/small.test.ts": `/** An end-to-end file. */\n${"x".repeat(1000)}`,
      "tests/emulator/unit.test.ts": `/** A unit file. */\n${"x".repeat(500)}`,
      "tests/e2e/large.test.ts": `/** An end-to-end file. */\n${"x".repeat(5000)}`,
      "tests/e2e/medium.test.ts": `/** An end-to-end file. */\n${"x".repeat(2000)}`,
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    const context = { config: { cache: false }, hasteFS: { getSize: (file: string) => fs.statSync(file).size } };
    const tests = Object.keys(files).map((file) => ({ path: path.join(root, file), context }) as Test);
    const order = new EndToEndFirst({ contexts: new Set(), globalConfig: {} }).sort(tests).map((t) => path.relative(root, t.path));
    expect(order).toEqual([
      "tests/e2e/large.test.ts",
      "tests/e2e/medium.test.ts",
      "tests/e2e/small.test.ts",
      "tests/provider/big-unit.test.ts",
      "tests/emulator/unit.test.ts",
    ]);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
