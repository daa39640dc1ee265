/**
 * The CPU a test file cost: its worker's own and that of every process it started and waited for (the Pulumi CLI, and
 * through it the language hosts, programs and providers). What no one waited for is not counted (a process orphaned
 * by a kill, a server started in the background), and a child still running when the file ends counts for the next.
 * On two cores the suite is bound by CPU more than by wall time, so the slowest-files reporter prints it beside each
 * file's time (issue 26). The test environment records it per file,
 * in jest's cache folder, for the reporter in jest's own process to read. Linux only (/proc); elsewhere nothing is
 * recorded. Plain JavaScript: jest loads it untransformed.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** Clock ticks a second, as /proc counts them (USER_HZ: 100 on Linux's common builds). */
const TICKS = 100;

/** Seconds of CPU of this process and of its waited-for children so far; undefined without /proc. */
function cpuSeconds() {
  try {
    // The fields after the command's closing parenthesis: utime, stime, cutime and cstime are the 12th to 15th.
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // the command may hold ") " itself
    return fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0) / TICKS;
  } catch {
    return undefined;
  }
}

const fileFor = (folder, testPath) => path.join(folder, "file-cpu", `${crypto.createHash("sha256").update(testPath).digest("hex").slice(0, 16)}.json`);

/**
 * The jest run a record belongs to: the reporter, made in jest's own process before any worker, names it in the
 * environment the workers inherit (a file run in band runs in that process).
 */
const RUN = "REALTIMEKIT_JEST_RUN";
function startRun() {
  process.env[RUN] ||= `${process.pid}-${Date.now()}`;
  return process.env[RUN];
}

/** Records the CPU seconds of the file at testPath, under jest's cache folder, for this run. */
function record(cacheDirectory, testPath, seconds) {
  const file = fileFor(cacheDirectory, testPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ testPath, seconds, run: process.env[RUN], at: Date.now() }));
}

/** The CPU seconds run `run` (startRun's) recorded for the file at testPath since `since` (ms), if any. */
function recorded(cacheDirectory, testPath, since, run) {
  try {
    const entry = JSON.parse(fs.readFileSync(fileFor(cacheDirectory, testPath), "utf8"));
    return entry.testPath === testPath && entry.run === run && entry.at >= since ? entry.seconds : undefined;
  } catch {
    return undefined;
  }
}

module.exports = { cpuSeconds, record, recorded, startRun };
