/** realtimekit-import's command line: a door and a pick are required, pulumi's stack flags pass through, anything else is refused. */
import { parseArgs, reportLines } from "../../../provider/import/import-cli";

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
    });
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

  it("counts one livestream as one, not 'livestreams'", () => {
    const one = { livestreamId: "0b1e3f5a-1111-4000-8000-000000000001", name: "a", status: "IDLE" };
    const lines = reportLines("app", 1, { matched: 1, picked: [one], inState: 0, heldByOtherStacks: [{ livestreamId: "x", stack: "o/p/s" }], declared: 0, duplicates: [] }, new Set());
    expect(lines).toEqual([
      "app app: 1 livestream, 1 of them picked; 1 to take",
      "1 held by other stacks of this backend, left out (one livestream in two stacks hands one stream key to both): 1 by o/p/s",
    ]);
  });
});
