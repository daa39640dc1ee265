/**
 * Ends `npm test` with its ten slowest test files, their times and the CPU each cost (tests/setup/file-cpu.js: the
 * worker's and that of every process it waited for), so that the change that makes the suite slower shows at once, and on a
 * machine of two cores, where the suite is bound by CPU, which files the CPU goes to (issue 26). Plain JavaScript: jest
 * loads reporters without ts-jest.
 */
const { recorded, startRun } = require("../setup/file-cpu");

class SlowestFiles {
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.count = options.count ?? 10;
    this.run = startRun();
  }

  onRunComplete(contexts, results) {
    const cacheDirectory = [...contexts][0]?.config.cacheDirectory;
    const all = results.testResults
      .map((file) => ({
        path: file.testFilePath.replace(`${this.rootDir}/`, ""),
        seconds: (file.perfStats.end - file.perfStats.start) / 1000,
        cpu: cacheDirectory ? recorded(cacheDirectory, file.testFilePath, results.startTime, this.run) : undefined,
      }))
      .filter((file) => Number.isFinite(file.seconds));
    const files = [...all].sort((a, b) => b.seconds - a.seconds).slice(0, this.count);
    if (files.length === 0) return;
    const total = (Date.now() - results.startTime) / 1000;
    const cpus = all.map((file) => file.cpu).filter((cpu) => cpu !== undefined);
    const missing = all.length - cpus.length > 0 ? `, not measured for ${all.length - cpus.length} of ${all.length} files` : "";
    const cpuTotal = cpus.length > 0 ? `; CPU of its files: ${cpus.reduce((a, b) => a + b, 0).toFixed(0)} s${missing}` : "";
    const cpuOf = (file) => (file.cpu === undefined ? [] : [`${file.cpu.toFixed(1).padStart(7)} s CPU`]);
    const lines = files.map((file) => ["", `${file.seconds.toFixed(1).padStart(7)} s`, ...cpuOf(file), file.path].join("  "));
    process.stderr.write(`\nThe ${files.length} slowest test files (the whole run: ${total.toFixed(0)} s${cpuTotal}):\n${lines.join("\n")}\n`);
  }
}

module.exports = SlowestFiles;
