#!/usr/bin/env node
/**
 * `realtimekit-recover [--stack <name>] [--cwd <dir>] [--adopt <urn>=<id>|none]... [--dry-run]`
 *
 * After a crash interrupted `pulumi up` (SIGKILL, a lost machine, a CI timeout), Pulumi keeps the
 * interrupted creates as pending operations and saves none of their livestreams; Pulumi's own
 * `refresh --import-pending-creates` drops them in v3.259. This command writes into the stack's state
 * each livestream an interrupted create made (found in Cloudflare, see recover.ts) and clears the
 * creates that made none, so the next `pulumi up` creates exactly what is missing. Run it after
 * `pulumi cancel` and before any other update, where `pulumi` works for the stack. It prints no secret.
 */
import { spawn } from "node:child_process";
import { RealtimeKitClient } from "./client";
import { clientOptions, propertiesConfig, Settings } from "./config";
import { ExportedStack, HistoryEntry, interruption, livestreamIdsInState, PendingCreate, pendingCreates, providerProperties, recreatedAfter, StateResource, withRecovered } from "./pending-creates";
import { Choices, ClientFor, identify } from "./recover";

interface Options {
  /** Flags passed on to every `pulumi` command: `--stack`, `--cwd`. */
  pulumiFlags: string[];
  choices: Choices;
  dryRun: boolean;
}

const say = (line: string): void => console.log(`realtimekit-recover: ${line}`);

export async function recover(options: Options): Promise<void> {
  const exported = JSON.parse(await pulumi(["stack", "export"], options)) as ExportedStack;
  const creates = pendingCreates(exported);
  if (creates.length === 0) return say("no interrupted create of a livestream in this stack's state: nothing to do");
  const history = (JSON.parse((await pulumi(["stack", "history", "--json"], options)) || "[]") ?? []) as HistoryEntry[];
  const interrupted = interruption(exported, history);
  if (!interrupted) throw new Error("the state holds pending creates but no trace of when its updates ran; it cannot be recovered safely");
  const clientFor = await clients(creates, options);

  // A URN an update after the crash already filled is not taken again: its pending create is only cleared.
  const again = new Map<string, StateResource>();
  for (const c of creates) {
    const resource = recreatedAfter(exported, c, interrupted);
    if (resource) again.set(c.urn, resource);
  }
  const since = interrupted.began;
  const found = await identify(clientFor, creates.filter((c) => !again.has(c.urn)), since, livestreamIdsInState(exported), options.choices);
  for (const [urn, resource] of again) {
    say(`${urn}: clearing the pending create, but an update after the crash created '${resource.outputs?.name}' again as ` +
      `${resource.id}: a livestream of that name that is not in state is a duplicate the API cannot delete`);
  }
  for (const f of found) {
    say(f.outcome === "created"
      ? `${f.urn}: '${f.name}' was created as ${f.facts.livestreamId} before the crash; writing it to state`
      : `${f.urn}: '${f.name}' was not created (no livestream of that name since ${since.toISOString()}); clearing the pending create`);
  }
  if (options.dryRun) return say("dry run: nothing written");
  const created = new Map(found.flatMap((f) => (f.outcome === "created" ? [[f.urn, f.facts] as const] : [])));
  const recovered = withRecovered(exported, created, new Set([...found.map((f) => f.urn), ...again.keys()]));
  // Through a pipe: the stream keys in this text are encrypted by the import and never touch the disk.
  await pulumi(["stack", "import"], options, JSON.stringify(recovered));
  say(`done: ${created.size} written to state, ${found.length - created.size + again.size} cleared; run 'pulumi up' to create what is missing`);
}

/**
 * The client each create's livestream is looked for with: the stack's settings (config, else the
 * environment), or, for a plugin create through an explicit provider, that provider's properties in
 * state, read only then, since its token is a secret there.
 */
async function clients(creates: PendingCreate[], options: Options): Promise<ClientFor> {
  let stackSettings: Settings | undefined;
  if (creates.some((c) => !c.provider)) {
    const config = revealedJson<Record<string, { value?: string }>>(await pulumi(["config", "--json", "--show-secrets"], options), "pulumi config --json --show-secrets");
    stackSettings = new Settings({ get: (key) => config[key]?.value });
  }
  const revealed = creates.some((c) => c.provider)
    ? revealedJson<ExportedStack>(await pulumi(["stack", "export", "--show-secrets"], options), "pulumi stack export --show-secrets")
    : undefined;
  const made = new Map<string, RealtimeKitClient>();
  return (create) => {
    const key = create.provider ?? "";
    const settings = () => (create.provider ? new Settings(propertiesConfig(providerProperties(revealed!, create.provider))) : stackSettings!);
    if (!made.has(key)) made.set(key, new RealtimeKitClient(clientOptions(settings(), say)));
    return made.get(key)!;
  };
}

/** JSON holding decrypted secrets: a parse error would quote part of it, so it names only the command. */
function revealedJson<T>(text: string, command: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`'${command}' did not print JSON`);
  }
}

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

/** Runs `pulumi <args>` with the user's stack flags; its stdout, or an error with its stderr. */
function pulumi(args: string[], options: Options, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, ...options.pulumiFlags, "--non-interactive"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) => reject(new Error(`could not run 'pulumi' (${error.message}); is the Pulumi CLI on PATH?`)));
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`'pulumi ${args.join(" ")}' failed: ${stderr.trim()}${hintFor(stderr)}`))));
    child.stdin.end(input ?? "");
  });
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { pulumiFlags: [], choices: new Map(), dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (argv[i + 1] === undefined) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === "--stack" || flag === "-s" || flag === "--cwd" || flag === "-C") options.pulumiFlags.push(flag, value());
    else if (flag === "--adopt") {
      const [urn, id] = splitChoice(value());
      options.choices.set(urn, id);
    } else if (flag === "--dry-run") options.dryRun = true;
    else if (flag !== "--non-interactive") throw new Error(`unknown flag ${flag}; usage: realtimekit-recover [--stack <name>] [--cwd <dir>] [--adopt <urn>=<id>|none]... [--dry-run]`);
  }
  return options;
}

/** `<urn>=<id>`: URNs hold `::` but never `=`. */
function splitChoice(text: string): [string, string] {
  const at = text.lastIndexOf("=");
  if (at <= 0 || at === text.length - 1) throw new Error(`--adopt takes <urn>=<livestream id> or <urn>=none, not '${text}'`);
  return [text.slice(0, at), text.slice(at + 1)];
}

if (require.main === module) {
  Promise.resolve()
    .then(() => recover(parseArgs(process.argv.slice(2))))
    .then(() => process.exit(0))
    .catch((error: Error) => {
      console.error(`realtimekit-recover: ${error.message}`);
      process.exit(1);
    });
}
