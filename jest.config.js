/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, with a temporary folder of each file's own (see there).
  testEnvironment: "<rootDir>/tests/setup/own-tmpdir-environment.js",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // Two files at a time: the suite is CPU-bound on a 2-core machine (about 2,300 CPU-s; a clean-clone run took 1,522 s
  // with three files at a time, no faster than with two), and a third only adds load (issue 26).
  maxWorkers: 2,
  testSequencer: "<rootDir>/tests/setup/end-to-end-first.js",
  reporters: ["default", "<rootDir>/tests/reporters/slowest-files.js"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tests/tsconfig.json" }] },
};
