/** realtimekit-import's command line: a door and a pick are required, pulumi's stack flags pass through, anything else is refused. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "../../../provider/import/arguments";

const SINCE_FORM = "--since must be an ISO 8601 date (2026-11-01) or a date-time with its zone (2026-11-01T09:00:00Z, 2026-11-01T09:00:00+01:00)";

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
      release: false,
      help: false,
    });
  });

  it.each([
    [["--door", "yaml", "--door", "go", "--all"], "--door"],
    [["--door", "yaml", "--status", "LIVE", "--status", "IDLE"], "--status"],
    [["--door", "yaml", "--name", "a-*", "--name", "b-*"], "--name"],
    [["--door", "go", "--all", "--out", "a.go", "--out", "b.go"], "--out"],
    [["--door", "yaml", "--all", "--stack", "a", "-s", "b"], "--stack"],
  ])("refuses a flag given twice, which would keep only its last value: %j", (argv, flag) => {
    expect(() => parseArgs(argv)).toThrow(`${flag} is given twice: it takes one value (only --take repeats)`);
  });

  it.each([
    [["--door", "yaml", "--all", "--go-func", "adoptShows"], "--go-func is for --door go"],
    [["--door", "go", "--all", "--config-key", "shows"], "--config-key is for --door typescript"],
  ])("refuses a flag its door does not read: %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("answers --help and -h with what each flag does, runs no pulumi command and exits 0", () => {
    expect(parseArgs(["--help"]).help).toBe(true);
    expect(parseArgs(["--door", "yaml", "-h"]).help).toBe(true);
    // The compiled command (npm test builds first), with no pulumi on PATH: help must not need one.
    const cli = path.resolve(__dirname, "../../../dist/provider/import/import-cli.js");
    const run = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8", env: { PATH: "/nonexistent" } });
    expect(run.status).toBe(0);
    for (const flag of ["--door", "--all", "--name", "--since", "--status", "--take", "--out", "--go-func", "--config-key", "--release", "--stack", "--cwd"]) expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain("docs/importing.md");
    expect(run.stderr).toBe("");
  });

  it("reads --release alone, with pulumi's stack flags", () => {
    expect(parseArgs(["--release", "--stack", "dev"])).toMatchObject({ release: true, pulumiFlags: ["--stack", "dev"] });
    expect(() => parseArgs(["--release", "--door", "yaml", "--all"])).toThrow("--release goes alone (with --stack and --cwd): it lets go of what earlier runs wrote for the stack and its state does not hold");
  });

  it.each([["2026-11-01", "2026-11-01T00:00:00.000Z"], ["2026-11-01T09:30:00+01:00", "2026-11-01T08:30:00.000Z"], ["2026-11-01T09:30:00.250Z", "2026-11-01T09:30:00.250Z"], ["2026-11-01T09:30Z", "2026-11-01T09:30:00.000Z"]])(
    "reads --since %s as %s",
    (since, at) => {
      expect(parseArgs(["--door", "yaml", "--since", since]).criteria.since?.toISOString()).toBe(at);
    },
  );

  it.each([
    [["--all"], "--door must be one of yaml, go, typescript"],
    [["--door", "yaml"], "pick the livestreams: --all, or one or more of --name, --since and --status"],
    [["--door", "yaml", "--all", "--status", "LIVE"], "pick the livestreams: --all, or one or more of --name, --since and --status"],
    [["--door", "yaml", "--status", "ON"], "--status must be one of LIVE, IDLE, ERRORED, INVOKED (got \"ON\")"],
    [["--door", "yaml", "--since", "yesterday"], SINCE_FORM + ' (got "yesterday")'],
    [["--door", "yaml", "--since", "2026-11-01 09:00"], SINCE_FORM + ' (got "2026-11-01 09:00")'],
    [["--door", "yaml", "--since", "2026-11-01T09:00:00"], SINCE_FORM + ' (got "2026-11-01T09:00:00")'],
    [["--door", "yaml", "--since", "2026-02-30"], SINCE_FORM + ' (got "2026-02-30")'],
    [["--door", "yaml", "--since", "1"], SINCE_FORM + ' (got "1")'],
    [["--door", "yaml", "--name", ""], "--name must not be empty: a glob such as 'show-*' ('*' for every livestream)"],
    [["--door", "go", "--all", "--go-func", "func"], '--go-func must be a Go identifier that is not a keyword or predeclared name (got "func")'],
    [["--door", "go", "--all", "--go-func", "string"], '--go-func must be a Go identifier that is not a keyword or predeclared name (got "string")'],
    [["--door", "go", "--all", "--go-func", "adopt-old"], '--go-func must be a Go identifier that is not a keyword or predeclared name (got "adopt-old")'],
    [["--door", "typescript", "--all", "--out", "x"], "--out is for --door yaml or go"],
    [["--door", "yaml", "--all", "--stack"], "--stack needs a value"],
    [["--door", "yaml", "--all", "--force"], "unknown flag --force; usage: realtimekit-import"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
