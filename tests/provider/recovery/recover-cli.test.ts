/** The realtimekit-recover command line: pulumi's stack flags pass through, choices are read, anything else is refused. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "../../../provider/recovery/recover-cli";

describe("realtimekit-recover's arguments", () => {
  it("passes --stack and --cwd on to pulumi and reads each --adopt choice", () => {
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/realtimekit:IndependentLivestream::show";
    const options = parseArgs(["--stack", "dev", "--cwd", "/p", "--adopt", `${urn}=0b1e`, "--adopt", `${urn}-2=none`, "--non-interactive", "--dry-run", "--no-wait"]);
    expect(options).toEqual({ pulumiFlags: ["--stack", "dev", "--cwd", "/p"], choices: new Map([[urn, "0b1e"], [`${urn}-2`, "none"]]), dryRun: true, noWait: true, help: false });
  });

  it("answers --help and -h with what each flag does, runs no pulumi command and exits 0", () => {
    expect(parseArgs(["--stack", "dev", "--help"]).help).toBe(true);
    expect(parseArgs(["-h"]).help).toBe(true);
    // The compiled command (npm test builds first), with no pulumi on PATH: help must not need one.
    const cli = path.resolve(__dirname, "../../../dist/provider/recovery/recover-cli.js");
    const run = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8", env: { PATH: "/nonexistent" } });
    expect(run.status).toBe(0);
    for (const flag of ["--stack", "--cwd", "--adopt", "--dry-run", "--no-wait"]) expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain("docs/crash-recovery.md");
    expect(run.stderr).toBe("");
  });

  it.each([
    [["--adopt", "urn-without-id"], "--adopt takes <urn>=<livestream id> or <urn>=none, not 'urn-without-id'"],
    [["--stack"], "--stack needs a value"],
    [["--force"], "unknown flag --force; usage: realtimekit-recover"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
