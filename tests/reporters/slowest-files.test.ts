// The reporter is plain JavaScript (jest loads it untransformed), so it has no types to import.
const SlowestFiles: new (config: { rootDir: string }, options?: { count?: number }) => { onRunComplete(contexts: unknown, results: unknown): void } = require("./slowest-files");

function file(path: string, start: number, end: number) {
  return { testFilePath: `/repo/${path}`, perfStats: { start, end } };
}

describe("the slowest-files reporter", () => {
  it("prints the slowest files first, at most its count, with paths relative to the root", () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      const reporter = new SlowestFiles({ rootDir: "/repo" }, { count: 2 });
      reporter.onRunComplete(new Set(), { startTime: Date.now() - 9000, testResults: [file("a.test.ts", 0, 1000), file("b.test.ts", 0, 5000), file("c.test.ts", 1000, 3500)] });
    } finally {
      write.mockRestore();
    }
    const lines = written.join("").trim().split("\n");
    expect(lines[0]).toMatch(/^The 2 slowest test files \(the whole run: 9 s\):$/);
    expect(lines.slice(1).map((line) => line.trim())).toEqual(["5.0 s  b.test.ts", "2.5 s  c.test.ts"]);
  });
});
