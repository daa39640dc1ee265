/**
 * Ends `npm test` with its ten slowest test files and their times, so that the change that makes the
 * suite slower shows at once (issue 26). Plain JavaScript: jest loads reporters without ts-jest.
 */
class SlowestFiles {
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.count = options.count ?? 10;
  }

  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((file) => ({ path: file.testFilePath.replace(`${this.rootDir}/`, ""), seconds: (file.perfStats.end - file.perfStats.start) / 1000 }))
      .filter((file) => Number.isFinite(file.seconds))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, this.count);
    if (files.length === 0) return;
    const total = (Date.now() - results.startTime) / 1000;
    const lines = files.map((file) => `  ${file.seconds.toFixed(1).padStart(7)} s  ${file.path}`);
    process.stderr.write(`\nThe ${files.length} slowest test files (the whole run: ${total.toFixed(0)} s):\n${lines.join("\n")}\n`);
  }
}

module.exports = SlowestFiles;
