#!/usr/bin/env node
/**
 * The emulator as a standalone process: `npm run emulator -- --port 8787 --state .work/emulator.json`.
 * Prints exactly one line on stdout once listening (scripts parse it), stops cleanly on SIGINT/SIGTERM and when its
 * --state file is removed, and exits 2 with the usage on bad flags.
 */
import { unwatchFile, watchFile } from "node:fs";
import { parseArgs } from "node:util";
import { LIST_NAMES, parseSettings, type ListNames } from "./api/settings";
import { parseFaults } from "./faults/fault";
import { DEFAULT_EMULATOR_TOKEN, startEmulator, type EmulatorOptions } from "./index";

const USAGE = `Usage: npm run emulator -- [options]   (or: node dist/emulator/cli.js [options])

  --port <n>          port to listen on; 0 picks a free one (default 8787)
  --host <address>    interface to listen on (default 127.0.0.1); anything but loopback needs --control-token
  --state <file>      keep livestreams in this JSON file across restarts (default: memory only);
                      removing the file stops the emulator
  --token <token>     the API token to accept (default: $REALTIMEKIT_EMULATOR_TOKEN, else "${DEFAULT_EMULATOR_TOKEN}")
  --control-token <t> the token /__emulator requires as "Authorization: Bearer <t>"
                      (default: $REALTIMEKIT_EMULATOR_CONTROL_TOKEN, else none: loopback only)
  --latency-ms <n>    delay added to every API request, in milliseconds (default 0)
  --list-names <how>  how list items carry "name": ${LIST_NAMES.join(", ")} (default echo)
  --clock-offset-ms=<n>
                      run the emulator's clock n milliseconds ahead of the machine's, behind when negative (default 0)
  --max-per-page <n>  the largest per_page honoured (default: no cap)
  --no-date-header    answer without a Date header, as behind a proxy that strips it
  --total-count-short-by <n>
                      report paging.total_count n short of what a listing holds, as a server whose total under-reports (default 0)
  --fault <json>      a fault pending from the start, e.g. '{"operation":"create_livestream","kind":"status","status":503}';
                      repeat for more (see emulator/README.md)
  --help              show this text`;

class UsageError extends Error {}

function parseCommandLine(args: string[], env: NodeJS.ProcessEnv): EmulatorOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        state: { type: "string" },
        token: { type: "string" },
        "control-token": { type: "string" },
        "latency-ms": { type: "string" },
        "list-names": { type: "string" },
        "clock-offset-ms": { type: "string" },
        "max-per-page": { type: "string" },
        "total-count-short-by": { type: "string" },
        "no-date-header": { type: "boolean" },
        fault: { type: "string", multiple: true },
        help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.help) return "help";
  const port = wholeNumber("--port", parsed.port ?? "8787");
  if (port > 65535) throw new UsageError("--port must be at most 65535.");
  // An empty environment variable counts as unset, as shells commonly treat it; an empty --token is a mistake.
  const token = parsed.token ?? (env.REALTIMEKIT_EMULATOR_TOKEN || DEFAULT_EMULATOR_TOKEN);
  if (token === "") throw new UsageError("--token must not be empty.");
  const controlToken = parsed["control-token"] ?? (env.REALTIMEKIT_EMULATOR_CONTROL_TOKEN || undefined);
  if (controlToken === "") throw new UsageError("--control-token must not be empty.");
  const listNames = parsed["list-names"];
  if (listNames !== undefined && !(LIST_NAMES as readonly string[]).includes(listNames)) {
    throw new UsageError(`--list-names must be one of ${LIST_NAMES.join(", ")}, got "${listNames}".`);
  }
  const settings = {
    latencyMs: wholeNumber("--latency-ms", parsed["latency-ms"] ?? "0"),
    listNames: listNames as ListNames | undefined,
    clockOffsetMs: wholeNumber("--clock-offset-ms", parsed["clock-offset-ms"] ?? "0", { negative: true }),
    maxPerPage: parsed["max-per-page"] === undefined ? undefined : wholeNumber("--max-per-page", parsed["max-per-page"]),
    dateHeader: parsed["no-date-header"] ? false : undefined,
    totalCountShortBy: parsed["total-count-short-by"] === undefined ? undefined : wholeNumber("--total-count-short-by", parsed["total-count-short-by"]),
  };
  try {
    parseSettings(settings);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { port, host: parsed.host, statePath: parsed.state, token, controlToken, ...settings, faults: (parsed.fault ?? []).flatMap(fault) };
}

function wholeNumber(flag: string, value: string, { negative = false } = {}): number {
  if (!(negative ? /^-?[0-9]+$/ : /^[0-9]+$/).test(value)) throw new UsageError(`${flag} must be a whole number, got "${value}".`);
  return Number(value);
}

function fault(json: string) {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new UsageError(`--fault must be a fault as JSON, got ${json}`);
  }
  try {
    return parseFaults(value);
  } catch (error) {
    throw new UsageError(`--fault: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`realtimekit emulator: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startEmulator(options).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    throw new Error(`port ${options.port} on ${options.host ?? "127.0.0.1"} is taken by another process: choose another with --port, or --port 0 for a free one`);
  });
  process.stdout.write(`RealtimeKit emulator listening on ${emulator.url} (base URL ${emulator.baseUrl})\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`realtimekit emulator: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (options.statePath !== undefined) stopWhenRemoved(options.statePath, stop);
}

/**
 * Stops the emulator once its state file is gone (removed, or its folder: `git clean` of a checkout's work folder).
 * Its livestreams went with the file; serving them on from memory would keep what the user removed, and a next start
 * that finds the port taken would meet them again. Each write renames a whole file over it, so it is never missing
 * otherwise. Polled: a watch of the file would end with the file.
 */
function stopWhenRemoved(statePath: string, stop: () => void): void {
  watchFile(statePath, { interval: 500, persistent: false }, (current) => {
    if (current.nlink > 0) return;
    unwatchFile(statePath);
    process.stderr.write(`realtimekit emulator: its state file ${statePath} was removed: stopping\n`);
    stop();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`realtimekit emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
