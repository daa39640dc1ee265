/** jest's environment: a temporary folder of the file's own, for the test and every process it starts. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { userCacheDir } from "../../provider/names/user-cache";

it("gives the file a temporary folder of its own, which the processes it starts use too", () => {
  expect(path.basename(os.tmpdir())).toMatch(/^realtimekit-file-/);
  const child = spawnSync(process.execPath, ["-e", "console.log(require('node:os').tmpdir())"], { encoding: "utf8" });
  expect(child.stdout.trim()).toBe(os.tmpdir());
});

it("keeps the provider's folder of the machine (name locks, marks, adoptions) in the file's folder, not the user's, and Go's build cache outside it", () => {
  const own = os.tmpdir() + path.sep;
  expect(userCacheDir("name-locks").startsWith(own)).toBe(true);
  const child = spawnSync(process.execPath, ["-e", "console.log(process.env.XDG_CACHE_HOME)"], { encoding: "utf8" });
  expect(child.stdout.trim()).toBe(process.env.XDG_CACHE_HOME);
  // Go derives its build cache from XDG_CACHE_HOME: the Go programs the tests build keep reusing the user's.
  const goCache = spawnSync("go", ["env", "GOCACHE"], { encoding: "utf8" });
  expect(goCache.status).toBe(0);
  expect(goCache.stdout.trim()).toMatch(/\S/);
  expect(goCache.stdout.trim().startsWith(own)).toBe(false);
});

it("tells the file which tests will run, so that sideBySideInFile starts the cases of those alone (-t honoured)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "side-by-side-"));
  const log = path.join(dir, "started.log");
  const helper = path.resolve(__dirname, "../helpers/side-by-side");
  fs.writeFileSync(path.join(dir, "cases.test.ts"), `
    import * as fs from "node:fs";
    import { sideBySideInFile } from ${JSON.stringify(helper)};
    const cases = sideBySideInFile(2);
    const started = (name: string) => async () => fs.appendFileSync(${JSON.stringify(log)}, name + "\\n");
    describe("a block", () => {
      cases.it("chosen case", started("chosen"));
      cases.it("other case", started("other"));
    });
    it("a plain test", () => undefined);
  `);
  const jest = (...args: string[]) => {
    fs.rmSync(log, { force: true });
    const run = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--rootDir", path.resolve(__dirname, "../.."), "--roots", dir, "--reporters", "default", ...args], { encoding: "utf8" });
    expect(run.stderr).toMatch(/Tests: .*passed/);
    return fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).sort() : [];
  };
  expect(jest()).toEqual(["chosen", "other"]);
  expect(jest("-t", "chosen")).toEqual(["chosen"]);
  expect(jest("-t", "plain")).toEqual([]);
});
