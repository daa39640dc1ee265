/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, with a temporary folder of each file's own (see there).
  testEnvironment: "<rootDir>/tests/setup/own-tmpdir-environment.js",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // Two busy files at a time: the suite is CPU-bound on a 2-core machine (about 1,850 CPU-s of files; a clean-clone
  // run with three files at a time from the start was no faster than with two: issue 26).
  maxWorkers: 2,
  // The files marked @mostly-waiting run in a third worker beside those two, one at a time, and once none is left to
  // start, that worker runs the rest too, when the end-to-end files' own waits leave CPU idle (see there).
  runner: "<rootDir>/tests/setup/waiting-lane.js",
  testSequencer: "<rootDir>/tests/setup/end-to-end-first.js",
  reporters: ["default", "<rootDir>/tests/reporters/slowest-files.js"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tests/tsconfig.json" }] },
};
