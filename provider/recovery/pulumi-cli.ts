/**
 * The Pulumi CLI as realtimekit-recover uses it: one command at a time with the user's stack flags,
 * a failure explained where Pulumi's own message does not say what to do, the stack's whole
 * history, which the CLI gives ten entries at a time unless asked, and the other stacks of its backend.
 */
import { spawn } from "node:child_process";
import type { OtherStack } from "./backend-holdings";
import { ExportedStack, HistoryEntry } from "./pending-creates";
import { RUN_AGAIN } from "./state-unchanged";

/**
 * What to do where Pulumi's message does not say it. Pulumi's file backend writes a file's `.attrs` sidecar in place
 * before it renames the complete file into place: a kill in between leaves the sidecar empty, the state whole, and
 * every command of the stack failing with "EOF". And a stack locked by another command refuses recovery's write.
 */
function hintFor(stderr: string): string {
  // Pulumi's own advice here, `pulumi cancel`, would break the command that holds the lock if it still runs.
  if (stderr.includes("the stack is currently locked")) {
    return `\nAnother command of this stack (a 'pulumi up', 'refresh' or 'destroy') is running; nothing was written. ${RUN_AGAIN} ` +
      "once it has ended; 'pulumi cancel' only for a command that was killed, never one that runs";
  }
  if (!stderr.includes("failed to load checkpoint: EOF")) return "";
  return "\nA crash during a state write on a file backend leaves an empty '.attrs' file beside the state, which Pulumi " +
    "cannot read; the state itself is whole. Remove it, then run 'pulumi cancel --yes' and this command again: " +
    "find <backend folder>/.pulumi -name '*.attrs' -empty -print -delete (the folder of the file:// URL that " +
    "'pulumi whoami -v' shows; ~ after 'pulumi login --local')";
}

/** Runs `pulumi <args>` with the user's stack flags (`--stack`, `--cwd`); its stdout, or an error with its stderr. `env` adds variables. */
export function pulumi(args: string[], pulumiFlags: string[], input?: string, env?: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, ...pulumiFlags, "--non-interactive"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) => reject(new Error(`could not run 'pulumi' (${error.message}); is the Pulumi CLI on PATH?`)));
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`'pulumi ${args.join(" ")}' failed: ${stderr.trim() || stdout.trim()}${hintFor(stderr)}`))));
    child.stdin.end(input ?? "");
  });
}

/** Entries asked for per page of `pulumi stack history`, which gives 10 unless asked. */
const HISTORY_PAGE_SIZE = 100;

/**
 * Every entry of the stack's history, page by page: with only the first page, ten refreshes after
 * the last update hid it, and the window fell back to weeks earlier. A page that adds nothing new
 * ends it too, should a backend ignore paging.
 */
export async function wholeHistory(pulumiFlags: string[]): Promise<HistoryEntry[]> {
  const entries = new Map<string, HistoryEntry>();
  for (let page = 1; ; page++) {
    const text = await pulumi(["stack", "history", "--json", "--page-size", String(HISTORY_PAGE_SIZE), "--page", String(page)], pulumiFlags);
    const batch = (JSON.parse(text || "[]") ?? []) as HistoryEntry[];
    const before = entries.size;
    for (const entry of batch) entries.set(JSON.stringify([entry.version, entry.kind, entry.startTime]), entry);
    if (batch.length < HISTORY_PAGE_SIZE || entries.size === before) return [...entries.values()];
  }
}

/**
 * Every stack of the backend but the one `pulumiFlags` name, each with its state (secrets left
 * encrypted), by fully qualified name: `--all` lists every project's, and a stack of another
 * project is exported by that name. `--cwd` stays, since the project may set the backend.
 */
export async function otherStacks(pulumiFlags: string[]): Promise<OtherStack[]> {
  const own = (await pulumi(["stack", "--show-name", "--fully-qualify-stack-names"], pulumiFlags)).trim();
  const cwd = pulumiFlags.flatMap((flag, i) => (flag === "--cwd" || flag === "-C" ? [flag, pulumiFlags[i + 1]] : []));
  const listed = JSON.parse((await pulumi(["stack", "ls", "--all", "--json", "--fully-qualify-stack-names"], cwd)) || "[]") as { name: string }[];
  const others: OtherStack[] = [];
  for (const { name } of listed.filter((s) => s.name !== own)) {
    others.push({ name, state: JSON.parse(await pulumi(["stack", "export", "--stack", name], cwd)) as ExportedStack });
  }
  return others;
}
