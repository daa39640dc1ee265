/**
 * realtimekit-import's command line: a door and a pick, or `--release` alone; pulumi's stack flags pass through;
 * every value is checked here, naming the flag and what is allowed, before anything is read.
 */
import { LIST_FILTERS } from "../types";
import { Door, DOORS, goFuncProblem } from "./render";
import { Criteria } from "./selection";

export interface Options {
  door: Door;
  criteria: Criteria;
  /** Flags passed on to every `pulumi` command: `--stack`, `--cwd`. */
  pulumiFlags: string[];
  out?: string;
  goFunc: string;
  configKey: string;
  /** Let go of the register's claims that earlier runs made for this stack and its state does not hold, and nothing else. */
  release: boolean;
  /** Print HELP, and do nothing else. */
  help: boolean;
}

const USAGE = "usage: realtimekit-import --door yaml|go|typescript (--all | [--name <glob>] [--since <date>] [--status <status>]) " +
  "[--take <id>]... [--out <file>] [--go-func <name>] [--config-key <key>] [--stack <name>] [--cwd <dir>], or realtimekit-import --release [--stack <name>] [--cwd <dir>]";

/** What `--help` prints. */
export const HELP = `${USAGE}

Writes what a stack needs to take over an app's existing livestreams at its next 'pulumi up', each adopted by its id
(one GET, no POST); never a stream key. The app is the stack's (config realtimekit:*, else CLOUDFLARE_*). See
docs/importing.md.

  --door yaml|go|typescript  what to write: Pulumi YAML resources, a Go file, or entries of the stack's config list
  --all                      every livestream of the app, or pick with one or more of:
  --name <glob>              names matching the glob ('*' any characters, '?' one)
  --since <date>             created since an ISO 8601 date, or a date-time with its zone
  --status <status>          of this status (${LIST_FILTERS.status.oneOf.join(", ")})
  --take <id>                of a name the app holds twice, take this livestream (repeat for several names)
  --out <file>               (yaml, go) write to a new file instead of standard output
  --go-func <name>           (go) the function the file declares (default adoptLivestreams)
  --config-key <key>         (typescript) the stack-config list the entries go into (default livestreams)
  --release                  alone: let go of what earlier runs wrote for the stack that its state does not hold
  --stack, -s <name>         the stack (default: the selected one)
  --cwd, -C <dir>            the Pulumi project's folder (default: this one)
  -h, --help                 this text`;

/** The flags passed on to `pulumi`. */
const STACK_FLAGS = ["--stack", "-s", "--cwd", "-C"];
const LONG_NAMES: Record<string, string> = { "-s": "--stack", "-C": "--cwd" };

/** A date, or a date-time with its zone (ISO 8601): a zoneless time would be read in this machine's zone, a guess. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function isoDate(text: string): Date {
  const match = ISO_DATE.exec(text);
  const at = new Date(match ? text : NaN);
  // `new Date` rolls 2026-02-30 over into March: the day must be the one written.
  if (!match || Number.isNaN(at.getTime()) || new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`).toISOString().slice(0, 10) !== text.slice(0, 10)) {
    throw new Error(`--since must be an ISO 8601 date (2026-11-01) or a date-time with its zone (2026-11-01T09:00:00Z, 2026-11-01T09:00:00+01:00) (got ${JSON.stringify(text)})`);
  }
  return at;
}

export function parseArgs(argv: string[]): Options {
  let door: string | undefined;
  const criteria: Criteria = { all: false, take: new Set() };
  const options = { pulumiFlags: [] as string[], out: undefined as string | undefined, goFunc: "adoptLivestreams", configKey: "livestreams", release: false, help: false };
  let others = 0;
  const statuses = LIST_FILTERS.status.oneOf as readonly string[];
  // A flag given twice would keep only its last value, silently: a second --status is not "either".
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (argv[i + 1] === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
      const name = LONG_NAMES[flag] ?? flag;
      if (name !== "--take" && given.has(name)) throw new Error(`${name} is given twice: it takes one value (only --take repeats)`);
      given.add(name);
      return argv[++i];
    };
    if (!STACK_FLAGS.includes(flag) && flag !== "--release" && flag !== "--non-interactive") others++;
    if (flag === "--help" || flag === "-h") options.help = true;
    else if (STACK_FLAGS.includes(flag)) options.pulumiFlags.push(flag, value());
    else if (flag === "--release") options.release = true;
    else if (flag === "--door") door = value();
    else if (flag === "--all") criteria.all = true;
    else if (flag === "--name") {
      criteria.name = value();
      if (criteria.name === "") throw new Error("--name must not be empty: a glob such as 'show-*' ('*' for every livestream)");
    } else if (flag === "--since") criteria.since = isoDate(value());
    else if (flag === "--status") {
      criteria.status = value().toUpperCase();
      if (!statuses.includes(criteria.status)) throw new Error(`--status must be one of ${statuses.join(", ")} (got ${JSON.stringify(criteria.status)})`);
    } else if (flag === "--take") (criteria.take as Set<string>).add(value().toLowerCase());
    else if (flag === "--out") options.out = value();
    else if (flag === "--go-func") {
      options.goFunc = value();
      const problem = goFuncProblem(options.goFunc);
      if (problem) throw new Error(problem);
    }
    else if (flag === "--config-key") options.configKey = value();
    else if (flag !== "--non-interactive") throw new Error(`unknown flag ${flag}; ${USAGE}`);
  }
  if (options.help) return { door: "yaml", criteria, ...options };
  if (options.release) {
    if (others > 0) throw new Error("--release goes alone (with --stack and --cwd): it lets go of what earlier runs wrote for the stack and its state does not hold");
    return { door: "yaml", criteria, ...options };
  }
  if (!DOORS.includes(door as Door)) throw new Error(`--door must be one of ${DOORS.join(", ")}; ${USAGE}`);
  const filtered = criteria.name !== undefined || criteria.since !== undefined || criteria.status !== undefined;
  if (criteria.all === filtered) throw new Error(`pick the livestreams: --all, or one or more of --name, --since and --status; ${USAGE}`);
  if (door === "typescript" && options.out) throw new Error("--out is for --door yaml or go: through TypeScript the entries go into the stack's config");
  if (door !== "go" && given.has("--go-func")) throw new Error("--go-func is for --door go: it names the Go function the file declares");
  if (door !== "typescript" && given.has("--config-key")) throw new Error("--config-key is for --door typescript: it names the stack-config list the entries go into");
  return { door: door as Door, criteria, ...options };
}
