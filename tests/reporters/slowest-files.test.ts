import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// The reporter and the CPU record are plain JavaScript (jest loads them untransformed), so they have no types to import.
type Reporter = { onRunComplete(contexts: unknown, results: unknown): void };
const SlowestFiles: new (config: { rootDir: string }, options?: { count?: number }) => Reporter = require("./slowest-files");
const { cpuSeconds, record }: { cpuSeconds: () => number | undefined; record: (dir: string, testPath: string, seconds: number) => void } = require("../setup/file-cpu");

function file(path: string, start: number, end: number) {
  return { testFilePath: `/repo/${path}`, perfStats: { start, end } };
}

/** What the reporter printed for one run's results, as lines. */
function printed(reporter: Reporter, contexts: unknown, results: unknown): string[] {
  const written: string[] = [];
  const write = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
  try {
    reporter.onRunComplete(contexts, results);
  } finally {
    write.mockRestore();
  }
  return written.join("").trim().split("\n");
}

describe("the slowest-files reporter", () => {
  it("prints the slowest files first, at most its count, with paths relative to the root", () => {
    const lines = printed(new SlowestFiles({ rootDir: "/repo" }, { count: 2 }), new Set(), {
      startTime: Date.now() - 9000, testResults: [file("a.test.ts", 0, 1000), file("b.test.ts", 0, 5000), file("c.test.ts", 1000, 3500)],
    });
    expect(lines[0]).toMatch(/^The 2 slowest test files \(the whole run: 9 s\):$/);
    expect(lines.slice(1).map((line) => line.trim())).toEqual(["5.0 s  b.test.ts", "2.5 s  c.test.ts"]);
  });

  it("prints beside each the CPU its file recorded in this run, and the CPU of all files", () => {
    const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), "file-cpu-"));
    const run = process.env.REALTIMEKIT_JEST_RUN;
    try {
      const startTime = Date.now() - 9000;
      // Another run of the same checkout at the same time records into the same folder: not this run's.
      process.env.REALTIMEKIT_JEST_RUN = "another-run";
      record(cacheDirectory, "/repo/c.test.ts", 99);
      process.env.REALTIMEKIT_JEST_RUN = run;
      record(cacheDirectory, "/repo/a.test.ts", 3.25);
      record(cacheDirectory, "/repo/b.test.ts", 12);
      const lines = printed(new SlowestFiles({ rootDir: "/repo" }), new Set([{ config: { cacheDirectory } }]), {
        startTime, testResults: [file("a.test.ts", 0, 1000), file("b.test.ts", 0, 5000), file("c.test.ts", 1000, 3500)],
      });
      expect(lines[0]).toBe("The 3 slowest test files (the whole run: 9 s; CPU of its files: 15 s, not measured for 1 of 3 files):");
      // c.test.ts recorded nothing in this run (as where /proc is missing): no CPU column for it.
      expect(lines.slice(1).map((line) => line.trim().split(/\s{2,}/))).toEqual([["5.0 s", "12.0 s CPU", "b.test.ts"], ["2.5 s", "c.test.ts"], ["1.0 s", "3.3 s CPU", "a.test.ts"]]);
      // A record older than the run is not this run's.
      expect(printed(new SlowestFiles({ rootDir: "/repo" }), new Set([{ config: { cacheDirectory } }]), { startTime: Date.now() + 1000, testResults: [file("a.test.ts", 0, 1000)] })[1].trim()).toBe("1.0 s  a.test.ts");
    } finally {
      process.env.REALTIMEKIT_JEST_RUN = run;
      fs.rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });
});

describe("a file's CPU", () => {
  it("counts the processes the file started and waited for", async () => {
    const before = cpuSeconds()!;
    expect(before).toBeGreaterThan(0);
    // A child that spins for half a second of CPU.
    await new Promise((resolve) => spawn(process.execPath, ["-e", "const end = process.cpuUsage().user + 500000; while (process.cpuUsage().user < end);"]).on("close", resolve));
    expect(cpuSeconds()! - before).toBeGreaterThanOrEqual(0.45);
  });
});
