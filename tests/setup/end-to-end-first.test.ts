/** The order jest runs the files in: end-to-end files first, each group in jest's own order (longest or largest first). */
interface Test { path: string }
// The sequencer is plain JavaScript (jest loads it untransformed), so it has no types to import.
const EndToEndFirst: new (options: unknown) => { sort(tests: Test[]): Test[] } = require("./end-to-end-first");

describe("the test order", () => {
  it("starts every end-to-end file before any unit file, the largest first within each group when no run's times are known", () => {
    const sizes: Record<string, number> = {
      "/repo/tests/provider/big-unit.test.ts": 9000,
      "/repo/tests/e2e/small.test.ts": 1000,
      "/repo/tests/emulator/unit.test.ts": 500,
      "/repo/tests/e2e/large.test.ts": 5000,
      "/repo/tests/scripts/tiny.test.ts": 100,
    };
    const context = { config: { cache: false }, hasteFS: { getSize: (file: string) => sizes[file] } };
    const tests = Object.keys(sizes).map((path) => ({ path, context }) as Test);
    const order = new EndToEndFirst({ contexts: new Set(), globalConfig: {} }).sort(tests).map((t) => t.path);
    expect(order).toEqual([
      "/repo/tests/e2e/large.test.ts",
      "/repo/tests/e2e/small.test.ts",
      "/repo/tests/provider/big-unit.test.ts",
      "/repo/tests/emulator/unit.test.ts",
      "/repo/tests/scripts/tiny.test.ts",
    ]);
  });
});
