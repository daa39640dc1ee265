/** realtimekit-import's command line: a door and a pick are required, pulumi's stack flags pass through, anything else is refused. */
import { parseArgs } from "../../../provider/import/import-cli";

describe("realtimekit-import's arguments", () => {
  it("reads the door, the pick, the choices among duplicates and pulumi's stack flags", () => {
    const options = parseArgs(["--door", "go", "--name", "show-*", "--since", "2026-11-01", "--status", "live", "--take", "0B1E", "--out", "adopt.go", "--go-func", "adoptShows", "--stack", "dev", "--cwd", "/p", "--non-interactive"]);
    expect(options).toEqual({
      door: "go",
      criteria: { all: false, name: "show-*", since: new Date("2026-11-01T00:00:00Z"), status: "LIVE", take: new Set(["0b1e"]) },
      pulumiFlags: ["--stack", "dev", "--cwd", "/p"],
      out: "adopt.go",
      goFunc: "adoptShows",
      configKey: "livestreams",
    });
  });

  it.each([
    [["--all"], "--door must be one of yaml, go, typescript"],
    [["--door", "yaml"], "pick the livestreams: --all, or one or more of --name, --since and --status"],
    [["--door", "yaml", "--all", "--status", "LIVE"], "pick the livestreams: --all, or one or more of --name, --since and --status"],
    [["--door", "yaml", "--status", "ON"], "--status must be one of LIVE, IDLE, ERRORED, INVOKED (got \"ON\")"],
    [["--door", "yaml", "--since", "yesterday"], "--since must be a date such as 2026-11-01 or 2026-11-01T09:00:00Z (got \"yesterday\")"],
    [["--door", "typescript", "--all", "--out", "x"], "--out is for --door yaml or go"],
    [["--door", "yaml", "--all", "--stack"], "--stack needs a value"],
    [["--door", "yaml", "--all", "--force"], "unknown flag --force; usage: realtimekit-import"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
