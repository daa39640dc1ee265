/**
 * jest's node environment, with a temporary folder of the test file's own (issue 26: files run side by side), so that
 * what files leave there (Pulumi's work folders, PostgreSQL servers, killed processes' files) never meets another's.
 * TMPDIR is set in the worker's own process (a worker runs one file at a time), so os.tmpdir() in the test and in every
 * process it starts (the Pulumi CLI, language hosts, the provider, the demo) agree; and readable by all, as the system's
 * is, for the PostgreSQL server's account. The provider's folder of the machine (name locks, marks, adoptions:
 * provider/names/user-cache.ts) is in it too, through XDG_CACHE_HOME, so a run adds none of those to the user's; Go's
 * build cache, which Go would move with XDG_CACHE_HOME, stays the user's. It also records the CPU the file cost (file-cpu.js),
 * and tells the file which of its tests will run (see handleTestEvent). Plain JavaScript: jest loads it untransformed.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { TestEnvironment } = require("jest-environment-node");
const { cpuSeconds, record } = require("./file-cpu");

/** Go's build cache as the user's environment has it (before XDG_CACHE_HOME moves), once per worker; "" without Go. */
let goCache;
function usersGoCache() {
  if (goCache === undefined) {
    // From the home folder, with the local toolchain: a go.mod where jest started must not make Go fetch another.
    const go = spawnSync("go", ["env", "GOCACHE"], { encoding: "utf8", cwd: os.homedir(), env: { ...process.env, GOTOOLCHAIN: "local" }, timeout: 30_000 });
    goCache = go.status === 0 ? go.stdout.trim() : "";
  }
  return goCache;
}

class OwnTmpdirEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.cacheDirectory = config.projectConfig.cacheDirectory;
    this.testPath = context.testPath;
  }

  async setup() {
    this.cpuAtStart = cpuSeconds();
    await super.setup();
    const gocache = usersGoCache();
    this.own = fs.mkdtempSync(path.join(os.tmpdir(), "realtimekit-file-"));
    fs.chmodSync(this.own, 0o1777);
    const own = { TMPDIR: this.own, XDG_CACHE_HOME: path.join(this.own, "cache"), ...(gocache && { GOCACHE: gocache }) };
    this.before = Object.fromEntries(Object.keys(own).map((name) => [name, process.env[name]]));
    Object.assign(process.env, own);
    Object.assign(this.global.process.env, own); // the file's copy of the environment, made before setup
  }

  /**
   * Once the file's tests are collected, the functions of those that will run (not filtered out by `-t`, skipped, or out
   * of focus, by jest-circus's own rule), as `__testsToRun`: tests/helpers/side-by-side.ts starts a case ahead of its
   * test, and never one whose test will not run.
   */
  handleTestEvent(event, state) {
    if (event.name !== "run_start") return;
    const toRun = new Set();
    const visit = (block, names, skipped) => {
      for (const child of block.children) {
        const id = [...names, child.name];
        if (child.type === "describeBlock") visit(child, id, skipped || child.mode === "skip");
        else if (!(skipped || child.mode === "skip" || (state.hasFocusedTests && child.mode === undefined) || state.testNamePattern?.test(id.join(" ")) === false)) {
          toRun.add(child.fn);
        }
      }
    };
    visit(state.rootDescribeBlock, [], false);
    this.global.__testsToRun = toRun;
  }

  async teardown() {
    for (const [name, value] of Object.entries(this.before ?? {})) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (this.own) fs.rmSync(this.own, { recursive: true, force: true });
    const cpu = cpuSeconds();
    if (cpu !== undefined && this.cpuAtStart !== undefined) record(this.cacheDirectory, this.testPath, cpu - this.cpuAtStart);
    await super.teardown();
  }
}

module.exports = OwnTmpdirEnvironment;
