/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, with a temporary folder of each file's own (see there).
  testEnvironment: "<rootDir>/tests/setup/own-tmpdir-environment.js",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The end-to-end files mostly wait on the engine, the network and settle windows: two files at a time keep a
  // 2-core machine busy (issue 26).
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/tests/reporters/slowest-files.js"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tests/tsconfig.json" }] },
};
