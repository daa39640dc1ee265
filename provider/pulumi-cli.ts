/**
 * The Pulumi CLI as realtimekit-recover uses it: one command at a time with the user's stack flags,
 * a failure explained where Pulumi's own message does not say what to do, and the stack's whole
 * history, which the CLI gives ten entries at a time unless asked.
 */
import { spawn } from "node:child_process";
import { HistoryEntry } from "./pending-creates";

/**
 * Pulumi's file backend writes a file's `.attrs` sidecar in place before it renames the complete file into place:
 * a kill in between leaves the sidecar empty, the state whole, and every command of the stack failing with "EOF".
 */
function hintFor(stderr: string): string {
  if (!stderr.includes("failed to load checkpoint: EOF")) return "";
  return "\nA crash during a state write on a file backend leaves an empty '.attrs' file beside the state, which Pulumi " +
    "cannot read; the state itself is whole. Remove it, then run 'pulumi cancel --yes' and this command again: " +
    "find <backend folder>/.pulumi -name '*.attrs' -empty -print -delete (the folder of the file:// URL that " +
    "'pulumi whoami -v' shows; ~ after 'pulumi login --local')";
}

/** Runs `pulumi <args>` with the user's stack flags (`--stack`, `--cwd`); its stdout, or an error with its stderr. */
export function pulumi(args: string[], pulumiFlags: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, ...pulumiFlags, "--non-interactive"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) => reject(new Error(`could not run 'pulumi' (${error.message}); is the Pulumi CLI on PATH?`)));
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`'pulumi ${args.join(" ")}' failed: ${stderr.trim()}${hintFor(stderr)}`))));
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
