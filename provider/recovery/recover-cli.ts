#!/usr/bin/env node
/**
 * `realtimekit-recover [--stack <name>] [--cwd <dir>] [--adopt <urn>=<id>|none]... [--dry-run] [--no-wait]`
 *
 * After a crash interrupted `pulumi up` (SIGKILL, a lost machine, a CI timeout), Pulumi keeps the
 * interrupted creates as pending operations and saves none of their livestreams; Pulumi's own
 * `refresh --import-pending-creates` drops them (v3.259 to v3.276). This command writes into the stack's state
 * each livestream an interrupted create made (found in Cloudflare, see recover.ts) and clears the
 * creates that made none, so the next `pulumi up` creates exactly what is missing. With the pending
 * creates gone (`refresh --clear-pending-creates`), it finds them from the program (recoverDeclared).
 * It never takes a livestream another stack of the backend holds. Run it after `pulumi cancel`, where
 * `pulumi` works for the stack. It prints no secret.
 */
import { RealtimeKitClient } from "../http/client";
import { clientOptions, propertiesConfig, Settings } from "../settings/config";
import { LivestreamSummary } from "../types";
import { BackendHoldings, THIS_STACK } from "./backend-holdings";
import { declaredCreates } from "./declared-livestreams";
import { MachineNews, withClaimedNames } from "./claimed-names";
import { refusalAdvice, refusedNames } from "./refused-names";
import {
  asCreate, createStart, ExportedStack, Interruption, interruption, lastCompletedStart, missingReferences, PendingCreate, pendingCreates, providerProperties,
  recreatedAfter, StateResource, withRecovered,
} from "./pending-creates";
import { Choices, ClientFor, identify, Identified, MADE_HERE, NONE, orphansOf, RecoveryConflictError } from "./recover";
import { otherStacks, pulumi, wholeHistory } from "./pulumi-cli";
import { markRemainingMs, settleRemainingMs } from "./settle-wait";
import { expectUnchanged } from "./state-unchanged";

interface Options {
  /** Flags passed on to every `pulumi` command: `--stack`, `--cwd`. */
  pulumiFlags: string[];
  choices: Choices;
  dryRun: boolean;
  /** Skip waiting out the settle window since the state's last write; a mark's is waited out still (see settle-wait.ts). */
  noWait: boolean;
  /** Print the usage and do nothing else. */
  help: boolean;
}

const USAGE = `usage: realtimekit-recover [--stack <name>] [--cwd <dir>] [--adopt <urn>=<id>|none]... [--dry-run] [--no-wait]

Run after \`pulumi cancel\`, once an interrupted \`pulumi up\` left creates pending (or after
\`pulumi refresh --clear-pending-creates\`): it writes into the stack's state each livestream the
interrupted creates made, and nothing another stack holds. See docs/crash-recovery.md.

  -s, --stack <name>        the stack, as for pulumi (default: the selected stack)
  -C, --cwd <dir>           the project folder, as for pulumi
  --adopt <urn>=<id>|none   when recovery stops at two candidates for a resource, it lists them: take
                            this livestream id for that resource, or none (the next pulumi up creates it)
  --dry-run                 say what would be written, change nothing
  --no-wait                 do not wait out the settle window since the state's last write (only when you
                            know the interrupted update's creates have all answered); a create of this
                            machine whose outcome nobody learned (its mark) is waited for still
  -h, --help                this text`;

const say = (line: string): void => console.log(`realtimekit-recover: ${line}`);

export async function recover(options: Options): Promise<void> {
  const exported = JSON.parse(await pulumi(["stack", "export"], options.pulumiFlags)) as ExportedStack;
  const creates = pendingCreates(exported);
  if (creates.length === 0) return recoverDeclared(exported, options);
  // Each create carries its own start (check stamps it); only older state needs the stack's history.
  const unstamped = creates.filter((c) => !createStart(c));
  const interrupted = unstamped.length > 0 ? interruption(exported, await wholeHistory(options.pulumiFlags)) : undefined;
  const unplaced = unstamped.filter((c) => !options.choices.has(c.urn) && !c.inputs.adoptLivestreamId);
  if (!interrupted && unplaced.length > 0) throw new Error(noStart(unplaced));
  const { clientFor, settingsFor } = await clients(creates, options);
  await withClaimedNames(clientFor, creates, async (machine) => {
    await waitOutSettle(exported, creates, settingsFor, machine, options);
    await recoverPending(exported, creates, interrupted, clientFor, machine, options);
  });
}

/** Under the name locks of the creates' names (see claimed-names.ts): from reading the backend's stacks to the import. */
async function recoverPending(exported: ExportedStack, creates: PendingCreate[], interrupted: Interruption | undefined, clientFor: ClientFor, machine: MachineNews, options: Options): Promise<void> {
  // A URN an update after the crash already filled is not taken again: its pending create is only cleared.
  const again = new Map<string, StateResource>();
  for (const c of creates) {
    const resource = recreatedAfter(exported, c, interrupted);
    if (resource) again.set(c.urn, resource);
  }
  const sinceOf = (create: PendingCreate) => createStart(create) ?? interrupted!.began;
  const holdings = BackendHoldings.of(exported, await otherStacks(options.pulumiFlags));
  const found = await identify(clientFor, creates.filter((c) => !again.has(c.urn)), sinceOf, holdings, options.choices, machine);
  const orphans = await orphansOf(clientFor, creates.filter((c) => again.has(c.urn)), sinceOf, holdings, machine);
  for (const [urn, resource] of again) say(describeDuplicates(urn, resource, orphans.get(urn) ?? []));
  const byUrn = new Map(creates.map((c) => [c.urn, c]));
  for (const f of found) {
    if (f.outcome === "created") {
      say(describeTaken(f, "this create began"));
      continue;
    }
    const why = options.choices.get(f.urn) === NONE ? "as chosen" : `no livestream of that name since ${sinceOf(byUrn.get(f.urn)!).toISOString()} that no stack holds${describeHeld(f)}`;
    say(`${f.urn}: '${f.name}' was not created (${why}); clearing the pending create`);
  }
  const refused = await sayRefused(clientFor, creates, found, (c) => `since this create began (${sinceOf(c).toISOString()})`);
  if (options.dryRun) return say("dry run: nothing written");
  const created = new Map(found.flatMap((f) => (f.outcome === "created" ? [[f.urn, f.facts] as const] : [])));
  await writeState(exported, withRecovered(exported, created, new Set([...found.map((f) => f.urn), ...again.keys()])), options);
  const missing = found.length - created.size;
  say(`done: ${created.size} written to state, ${missing + again.size} cleared; ` +
    (missing > refused ? `run 'pulumi up' to create the ${missing - refused} not created` : missing === 0 ? "nothing is missing: every livestream of the stack is in state" : "") +
    (refused > 0 ? `${missing > refused ? "; " : ""}'pulumi up' refuses the ${refused} whose names their app holds: see above for what takes each` : ""));
}

/**
 * With no pending create left (`pulumi refresh --clear-pending-creates`, `--import-pending-creates`
 * or a `stack import` dropped them), what an interrupted update made is found from the program: each
 * livestream it declares that the state lacks, whose app holds one livestream of its name created
 * since the stack's last completed update began that no stack of the backend holds, is written to
 * state. The program is not changed, and nothing else is: a name held from before, or by another
 * stack, stays refused by the next `pulumi up`.
 */
async function recoverDeclared(exported: ExportedStack, options: Options): Promise<void> {
  const declared = await declaredCreates(options.pulumiFlags);
  if (declared.length === 0) return say("no interrupted create of a livestream in this stack's state, and every livestream the program declares is in it: nothing to do");
  const since = lastCompletedStart(exported, await wholeHistory(options.pulumiFlags));
  // An update registers the stack's own resource before any create: with none in state, no update of it made anything.
  if (!since && (exported.deployment.resources ?? []).length === 0) return say("no interrupted create of a livestream in this stack's state, and no update of it registered anything: nothing to do");
  if (!since) throw new Error("the stack's state and history show no completed update nor when the stack was created, so a livestream an interrupted update made cannot be told from an older one; nothing was written");
  say(`no interrupted create in this stack's state; looking for the ${declared.length} livestreams the program declares that the state lacks, ` +
    `created since the stack's last completed update began (${since.toISOString()}) and held by no stack of the backend`);
  // The preview's stamp is its own check's, not the interrupted create's: left out, so that nothing is judged by it.
  const creates = declared.map(asCreate).map((c) => ({ ...c, inputs: { ...c.inputs, createStartedAt: undefined } }));
  const { clientFor, settingsFor } = await clients(creates, options);
  await withClaimedNames(clientFor, creates, async (machine) => {
    // The interrupted update's creates may still be committing, as with pending creates: a `refresh
    // --clear-pending-creates` or a refused `up` right after the kill only moves the last write later.
    await waitOutSettle(exported, creates, settingsFor, machine, options);
    await recoverDeclaredHeld(exported, declared, creates, since, clientFor, machine, options);
  });
}

/** Under the name locks of the declared names (see claimed-names.ts): from reading the backend's stacks to the import. */
async function recoverDeclaredHeld(
  exported: ExportedStack, declared: StateResource[], creates: PendingCreate[], since: Date, clientFor: ClientFor, machine: MachineNews, options: Options,
): Promise<void> {
  const holdings = BackendHoldings.of(exported, await otherStacks(options.pulumiFlags));
  const found = await identify(clientFor, creates, () => since, holdings, options.choices, machine);
  const taken = found.filter((f) => f.outcome === "created");
  const unwritable = taken.flatMap((f) => {
    const missing = missingReferences(exported, declared.find((r) => r.urn === f.urn)!);
    return missing.length > 0 ? [`${f.urn}: it refers to ${missing.join(", ")}, which the state lacks`] : [];
  });
  if (unwritable.length > 0) throw new RecoveryConflictError(`${unwritable.join("\n")}\nNothing was written to state`);
  for (const f of found) {
    if (f.outcome === "created") say(describeTaken(f, "the stack's last completed update began"));
    else if (f.held) say(`${f.urn}: '${f.name}' is not this stack's to take${describeHeld(f)}; 'pulumi up' refuses the name while it is held`);
  }
  const refused = await sayRefused(clientFor, creates, found, () => `since the stack's last completed update began (${since.toISOString()})`);
  if (taken.length === 0) {
    const creatable = found.length - refused;
    return say(`nothing to do: no declared livestream missing from state has one of its name since ${since.toISOString()} that no stack holds; ` +
      (creatable > 0 ? `'pulumi up' creates the ${creatable} whose names their app does not hold` : "") +
      (refused > 0 ? `${creatable > 0 ? ", and " : ""}'pulumi up' refuses the ${refused} whose names their app holds: see above for what takes each` : ""));
  }
  if (options.dryRun) return say("dry run: nothing written");
  const created = new Map(taken.map((f) => [f.urn, f.facts]));
  await writeState(exported, withRecovered(exported, created, new Set(), new Date(), declared), options);
  const others = declared.length - created.size - refused;
  say(`done: ${created.size} written to state; ` + (others > 0 ? `run 'pulumi up' to create the ${others} others the program declares` : refused > 0 ? "see above for the names 'pulumi up' refuses" : "nothing else the program declares is missing"));
}

/**
 * Of the creates recovery leaves to `pulumi up`, those whose name their app holds: `up` refuses them (see
 * refused-names.ts), so each not named already as held by a stack gets what takes its name instead. How many.
 */
async function sayRefused(clientFor: ClientFor, creates: PendingCreate[], found: Identified[], window: (create: PendingCreate) => string): Promise<number> {
  const left = found.flatMap((f) => (f.outcome === "not-created" ? [{ f, create: creates.find((c) => c.urn === f.urn)! }] : []));
  const refused = await refusedNames(clientFor, left.map(({ create }) => create));
  for (const { f, create } of left) {
    const holders = refused.get(f.urn);
    // A stack that holds the name was named already; a livestream another create of this machine made may be this stack's from before.
    if (holders && !f.held?.some((h) => h.stack !== MADE_HERE)) say(refusalAdvice(f.urn, f.name, holders, `none of them was created ${window(create)}`));
  }
  return refused.size;
}

/** Why a livestream is taken: found in its window and held by no stack (never said to predate the crash, which a late commit may not), or chosen. */
function describeTaken(f: Extract<Identified, { outcome: "created" }>, windowStart: string): string {
  const id = f.facts.livestreamId;
  if (!f.found) return `${f.urn}: '${f.name}' is ${id}, as chosen; writing it to state`;
  return `${f.urn}: '${f.name}' was created as ${id} at ${f.found.createdAt}, after ${windowStart} (${f.found.start.toISOString()}), ` +
    "and no stack of this backend holds it; writing it to state";
}

/** The livestreams of a create's name in its window that stacks hold, which it never takes. */
function describeHeld(f: Extract<Identified, { outcome: "not-created" }>): string {
  if (!f.held) return "";
  return `; ${f.held.map((h) => `${h.livestreamId} (created ${h.createdAt ?? "at a time Cloudflare did not say"}) is held by ${describeHolder(h.stack)}`).join(", ")}`;
}

/** A holder as Held names it: this stack, another create of this machine (see claimed-names.ts), or a stack. */
function describeHolder(stack: string): string {
  if (stack === THIS_STACK) return "this stack";
  return stack === MADE_HERE ? `${MADE_HERE}, which finished (its stack's state may not show it yet)` : `stack ${stack}`;
}

/** Why creates of older state cannot be placed in time, and how the user can decide for them. */
function noStart(creates: PendingCreate[]): string {
  return "these pending creates were recorded by an older version of the provider, without the time their create began, and " +
    "the stack's history shows no update, destroy or import to start looking from; looking from the stack's creation could take " +
    "an older livestream of the same name, so nothing was written. For each, choose with '--adopt <urn>=<id>' (the livestream " +
    `it made, see the app's livestreams) or '--adopt <urn>=none': ${creates.map((c) => c.urn).join(", ")}`;
}

/**
 * A URN an update after the crash filled again: each livestream the interrupted create made (in no
 * state) beside the one the state holds, by both ids, since the API can delete neither.
 */
function describeDuplicates(urn: string, held: StateResource, orphans: LivestreamSummary[]): string {
  const name = held.outputs?.name;
  const inState = `${held.id} (made again after the crash; the state holds it)`;
  if (orphans.length === 0) {
    return `${urn}: clearing the pending create; an update after the crash created '${name}' again as ${inState}, ` +
      "and the interrupted create made no livestream of that name that is not in state: no duplicate";
  }
  const pairs = orphans.map((o) => `${o.livestreamId} (created ${o.createdAt ?? "at a time Cloudflare did not say"}; held by no state: the interrupted create's) and ${inState}`);
  return `${urn}: clearing the pending create; '${name}' exists twice in Cloudflare, a duplicate the API cannot delete: ${pairs.join("; ")}`;
}

/**
 * Writes `recovered`, recovery's edit of the state it read (`read`), unless another command of the stack
 * wrote the state since (see state-unchanged.ts): read again right before, under the name locks.
 */
async function writeState(read: ExportedStack, recovered: ExportedStack, options: Options): Promise<void> {
  expectUnchanged(read, JSON.parse(await pulumi(["stack", "export"], options.pulumiFlags)) as ExportedStack);
  // Through a pipe: the stream keys in this text are encrypted by the import and never touch the disk.
  await pulumi(["stack", "import"], options.pulumiFlags, JSON.stringify(recovered));
}

/**
 * Cloudflare may still be committing a create the crash cut off: until the settle window of each
 * create's settings has passed since the stack's last write (the interrupted update's, or a command's
 * since), and since the last POST of every mark of those names (a create sent again late, after a
 * 429's `Retry-After` or a lost answer's settle wait: see settle-wait.ts), a livestream not found may
 * only be late, so recovery waits, saying so. It holds the names' locks meanwhile: no create of this
 * machine posts them, so no mark changes. `--no-wait` skips the state's window, never a mark's.
 */
async function waitOutSettle(exported: ExportedStack, creates: PendingCreate[], settingsFor: (create: PendingCreate) => Settings, machine: MachineNews, options: Options): Promise<void> {
  const manifest = exported.deployment.manifest as { time?: string } | undefined;
  const lastWrite = manifest?.time ? new Date(manifest.time) : undefined;
  const settleMs = Math.max(...creates.map((c) => settingsFor(c).createSettleMs()));
  const since = lastWrite ? `its last write at ${lastWrite.toISOString()}` : "now (the state does not say when it was last written)";
  const fromState = settleRemainingMs(lastWrite, settleMs);
  if (options.noWait && fromState > 0) {
    say(`not waiting (--no-wait) for the state's window: Cloudflare may still be committing creates the interrupted update sent; ` +
      `a livestream it commits within createSettleSeconds (${settleMs / 1000} s) of ${since} may be missed, and its create cleared`);
  }
  const waits = options.noWait ? [] : [{ ms: fromState, why: `until createSettleSeconds (${settleMs / 1000} s) have passed since ${since} (--no-wait skips this)` }];
  for (const create of creates) {
    const inFlight = machine(create)?.inFlight;
    if (!inFlight) continue;
    waits.push({
      ms: markRemainingMs(inFlight, settingsFor(create).createSettleMs()),
      why: `until the create of '${create.inputs.name}' that process ${inFlight.pid} of this machine last sent at ` +
        `${new Date(inFlight.lastPostAt).toISOString()} has settled (its mark beside the name's lock says so; --no-wait does not skip this)`,
    });
  }
  const longest = waits.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, why: "" });
  if (longest.ms === 0) return;
  say(`waiting ${Math.ceil(longest.ms / 1000)} s, ${longest.why}: Cloudflare may still be committing creates the interrupted update sent`);
  await new Promise((resolve) => setTimeout(resolve, longest.ms));
}

/** Where each create's livestream is looked for, and with which settings. */
interface CreateSettings {
  clientFor: ClientFor;
  settingsFor: (create: PendingCreate) => Settings;
}

/**
 * The settings and client each create's livestream is looked for with: the stack's settings (config,
 * else the environment), or, for a plugin create through an explicit provider, that provider's
 * properties in state, read only then, since its token is a secret there.
 */
async function clients(creates: PendingCreate[], options: Options): Promise<CreateSettings> {
  let stackSettings: Settings | undefined;
  if (creates.some((c) => !c.provider)) {
    const config = revealedJson<Record<string, { value?: string }>>(await pulumi(["config", "--json", "--show-secrets"], options.pulumiFlags), "pulumi config --json --show-secrets");
    stackSettings = new Settings({ get: (key) => config[key]?.value });
  }
  const revealed = creates.some((c) => c.provider)
    ? revealedJson<ExportedStack>(await pulumi(["stack", "export", "--show-secrets"], options.pulumiFlags), "pulumi stack export --show-secrets")
    : undefined;
  const settings = new Map<string, Settings>();
  const settingsFor = (create: PendingCreate): Settings => {
    const key = create.provider ?? "";
    if (!settings.has(key)) settings.set(key, create.provider ? new Settings(propertiesConfig(providerProperties(revealed!, create.provider))) : stackSettings!);
    return settings.get(key)!;
  };
  const made = new Map<Settings, RealtimeKitClient>();
  const clientFor = (create: PendingCreate): RealtimeKitClient => {
    const of = settingsFor(create);
    if (!made.has(of)) made.set(of, new RealtimeKitClient(clientOptions(of, say)));
    return made.get(of)!;
  };
  return { clientFor, settingsFor };
}

/** JSON holding decrypted secrets: a parse error would quote part of it, so it names only the command. */
function revealedJson<T>(text: string, command: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`'${command}' did not print JSON`);
  }
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { pulumiFlags: [], choices: new Map(), dryRun: false, noWait: false, help: false };
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
    else if (flag === "--no-wait") options.noWait = true;
    else if (flag === "--help" || flag === "-h") options.help = true;
    else if (flag !== "--non-interactive") throw new Error(`unknown flag ${flag}; ${USAGE.split("\n")[0]} (--help says more)`);
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
    .then(() => {
      const options = parseArgs(process.argv.slice(2));
      return options.help ? console.log(USAGE) : recover(options);
    })
    .then(() => process.exit(0))
    .catch((error: Error) => {
      console.error(`realtimekit-recover: ${error.message}`);
      process.exit(1);
    });
}
