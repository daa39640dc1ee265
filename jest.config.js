/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, with a temporary folder of each file's own (see there).
  testEnvironment: "<rootDir>/tests/setup/own-tmpdir-environment.js",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The end-to-end files mostly wait on process starts, the engine and settle windows: with two files at a time the
  // suite used about 2,000 CPU-s in 1,500 s on 2 cores, busy two thirds of the run: three files at a time (issue 26).
  maxWorkers: 3,
  reporters: ["default", "<rootDir>/tests/reporters/slowest-files.js"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tests/tsconfig.json" }] },
};
