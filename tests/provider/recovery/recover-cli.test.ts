/** The realtimekit-recover command line: pulumi's stack flags pass through, choices are read, anything else is refused. */
import { parseArgs } from "../../../provider/recovery/recover-cli";

describe("realtimekit-recover's arguments", () => {
  it("passes --stack and --cwd on to pulumi and reads each --adopt choice", () => {
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/realtimekit:IndependentLivestream::show";
    const options = parseArgs(["--stack", "dev", "--cwd", "/p", "--adopt", `${urn}=0b1e`, "--adopt", `${urn}-2=none`, "--non-interactive", "--dry-run", "--no-wait"]);
    expect(options).toEqual({ pulumiFlags: ["--stack", "dev", "--cwd", "/p"], choices: new Map([[urn, "0b1e"], [`${urn}-2`, "none"]]), dryRun: true, noWait: true });
  });

  it.each([
    [["--adopt", "urn-without-id"], "--adopt takes <urn>=<livestream id> or <urn>=none, not 'urn-without-id'"],
    [["--stack"], "--stack needs a value"],
    [["--force"], "unknown flag --force; usage: realtimekit-recover"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
