/**
 * jest's node environment, with a temporary folder of the test file's own (issue 26: files run side by side). The
 * name-lock folder is os.tmpdir()/pulumi-realtimekit-name-locks, one per machine, and the tests' stacks share the
 * emulator's default account, app and names: a crash test's left mark would otherwise hold another file's create of
 * the same name. TMPDIR is set in the worker's own process (a worker runs one file at a time), so os.tmpdir() in
 * the test and in every process it starts (the Pulumi CLI, language hosts, the provider, the demo) agree; and
 * readable by all, as the system's is, for the PostgreSQL server's account. Plain JavaScript: jest loads it untransformed.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { TestEnvironment } = require("jest-environment-node");

class OwnTmpdirEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    this.before = process.env.TMPDIR;
    this.own = fs.mkdtempSync(path.join(os.tmpdir(), "realtimekit-file-"));
    fs.chmodSync(this.own, 0o1777);
    process.env.TMPDIR = this.own;
    this.global.process.env.TMPDIR = this.own; // the file's copy of the environment, made before setup
  }

  async teardown() {
    if (this.before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.before;
    fs.rmSync(this.own, { recursive: true, force: true });
    await super.teardown();
  }
}

module.exports = OwnTmpdirEnvironment;
