#!/usr/bin/env node
/**
 * `realtimekit-import --door yaml|go|typescript (--all | [--name <glob>] [--since <date>] [--status <s>])
 *   [--take <id>]... [--out <file>] [--go-func <name>] [--config-key <key>] [--stack <name>] [--cwd <dir>]`,
 * or `realtimekit-import --release [--stack <name>] [--cwd <dir>]` (arguments.ts).
 *
 * Brings an app's existing livestreams under a stack's management in one step: reads the app of the
 * stack's settings (config `realtimekit:*`, else the `CLOUDFLARE_*` variables), picks the
 * livestreams asked for, leaves out those this stack or another stack of the backend already holds
 * or this machine's adoption register gives to a stack (holders.ts), claims the rest there for this
 * stack, and writes what the door needs for the next `pulumi up` to adopt each by id (selection.ts,
 * resource-names.ts, render.ts). Through Pulumi YAML and Go it prints (or writes to `--out`) what
 * to add to the program; through TypeScript it adds entries to the stack-config list that
 * `livestreamsFromConfig` reads. It never reads or prints a stream key; the token and the
 * stack's secrets stay in memory. Its report goes to stderr, so stdout can be redirected to a file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RealtimeKitClient } from "../http/client";
import { ConfigurationError } from "../http/errors";
import { parseUrn } from "../engine/urn";
import { ExportedStack, isLivestream, livestreamIdsInState } from "../recovery/pending-creates";
import { otherStacks, pulumi } from "../recovery/pulumi-cli";
import { clientOptions, Settings } from "../settings/config";
import { LivestreamSummary } from "../types";
import * as rules from "../settings/validate";
import { adoptionClaims, claimAdoption, releaseAdoption, releaseImportClaims } from "../names/adoption-register";
import { declaredHere, holders, registerName } from "./holders";
import { goAdoptedIds, goFuncDeclaredIn, goLivestreamNames, yamlAdoptedIds, yamlProgramKeys } from "./program-keys";
import { HELP, Options, parseArgs } from "./arguments";
import { Adoption, configDeclares, configPaths, renderGo, renderYaml } from "./render";
import { resourceNames } from "./resource-names";
import { select, Selection, THIS_STACK } from "./selection";


const say = (line: string): void => console.error(`realtimekit-import: ${line}`);

/** `1 livestream`, `2 livestreams`. */
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Entries set per `pulumi config set-all`: each argument is short, and 500 of them stay far below the system's limit. */
const ENTRIES_PER_CONFIG_SET = 500;

export async function importLivestreams(options: Options): Promise<void> {
  const config = revealedConfig(await pulumi(["config", "--json", "--show-secrets"], options.pulumiFlags));
  const settings = new Settings({ get: (key) => config[key]?.value });
  const scope = { accountId: scoped(settings, "accountId", rules.accountId), appId: scoped(settings, "appId", rules.uuid) };
  const own = (await pulumi(["stack", "--show-name", "--fully-qualify-stack-names"], options.pulumiFlags)).trim();
  const state = JSON.parse(await pulumi(["stack", "export"], options.pulumiFlags)) as ExportedStack;
  const held = livestreamIdsInState(state);
  if (options.release) {
    const released = releaseImportClaims(settings.baseUrl(), registerName(own), held);
    return say(`let go of ${count(released.length, "livestream")} that earlier runs wrote for this stack and its state does not hold${released.length ? `: ${released.join(", ")}` : ""}`);
  }
  const states = (await otherStacks(options.pulumiFlags)).map(({ name, state: theirs }) => ({ name, ids: livestreamIdsInState(theirs) }));
  const list = options.door === "typescript" ? await configList(own, config, options) : undefined;
  const yamlProgram = options.door === "yaml" ? fs.readFileSync(path.join(projectDir(options), "Pulumi.yaml"), "utf8") : "";
  const declared = list ? configDeclares(list.entries)
    : { ids: options.door === "yaml" ? yamlAdoptedIds(yamlProgram) : goAdoptedIds(projectDir(options)), names: new Set<string>() };
  const programKeys = options.door === "yaml" ? yamlProgramKeys(yamlProgram)
    : options.door === "go" ? goLivestreamNames(projectDir(options)) : new Set<string>();

  const client = new RealtimeKitClient(clientOptions(settings, say));
  const livestreams = await client.listAllNamed(scope, { sort_order: "ASC", exclude_meetings: true });
  const claims = adoptionClaims(client.baseUrl, livestreams.map((l) => l.livestreamId));
  const { others, ownPending } = holders(states, claims, own, held);
  const selection = select(livestreams, options.criteria, {
    inState: held,
    otherStacks: others,
    declared: new Set([...declared.ids, ...ownPending]),
    declaredNames: declared.names,
  });
  const declaredBy = list ? `by stack config '${list.key}' (adopted by id, or named by an entry that takes it at 'up')`
    : options.door === "yaml" ? "adopted by id in Pulumi.yaml" : "adopted by id in the program's .go files";
  for (const line of reportLines(scope.appId, livestreams.length, selection, options.criteria.take, declaredBy)) say(line);
  // Claimed before anything is written, so that a second import (of any stack, at the same time too) leaves them out.
  const at = new Date().toISOString();
  const claim = (l: LivestreamSummary) => claimAdoption(client.baseUrl, l.livestreamId, { stack: registerName(own), by: "realtimekit-import", at });
  const contested = declaredHere(livestreams, declared, held).flatMap((l) => {
    const other = claim(l);
    return other ? [`stack ${other.stack} claimed ${l.livestreamId}`] : [];
  });
  if (contested.length > 0) say(`the program or its stack config declares livestreams another stack claimed, which this stack's next 'up' will refuse: ${contested.join(", ")}`);
  const lost = selection.picked.filter((l) => claim(l));
  if (lost.length > 0) say(`${count(lost.length, "livestream")} claimed by another stack's run just now, left out: ${lost.map((l) => l.livestreamId).join(", ")}`);
  selection.picked = selection.picked.filter((l) => !lost.includes(l));
  if (selection.picked.length === 0) return say("nothing to write");
  try {
    await write(selection, { options, state, programKeys, list, appId: scope.appId });
  } catch (error) {
    for (const { livestreamId } of selection.picked) releaseAdoption(client.baseUrl, livestreamId);
    throw error;
  }
}

/** What the door needs, written: the stack's config list, or Pulumi YAML or Go to stdout or `--out`. */
async function write(selection: Selection, { options, state, programKeys, list, appId }: { options: Options; state: ExportedStack; programKeys: Set<string>; list?: ConfigList; appId: string }): Promise<void> {
  const inState = (state.deployment.resources ?? []).filter((r) => isLivestream(r) && !r.delete).map((r) => parseUrn(r.urn).name);
  const names = resourceNames(selection.picked, new Set([...inState, ...programKeys]));
  const adoptions: Adoption[] = selection.picked.map((l) => ({ resourceName: names.get(l.livestreamId)!, livestreamId: l.livestreamId }));
  const about = `realtimekit-import: ${count(adoptions.length, "livestream")} of app ${appId}, each adopted by its id at the next 'pulumi up' (one GET, no POST)`;
  if (list) {
    await appendToConfig(list, adoptions, options.pulumiFlags);
    return say(`added ${count(adoptions.length, "entry", "entries")} to stack config '${list.key}'; the next 'pulumi up' adopts them, one GET each and no POST`);
  }
  if (options.door === "go") refuseGoFuncDeclared(options);
  const text = options.door === "yaml" ? renderYaml(adoptions, `${about}: under 'resources:'`) : renderGo(adoptions, about, options.goFunc);
  if (!options.out) return void process.stdout.write(text);
  // Never over an earlier file: the livestreams it declares would leave the program, and the next `up` would forget them.
  try {
    fs.writeFileSync(options.out, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new Error(`${options.out} exists, and replacing it would drop what it declares from the program: write to another file` +
      (options.door === "go" ? " with another --go-func" : ""));
  }
  say(`wrote ${count(adoptions.length, "livestream")} to ${options.out}; ` +
    (options.door === "yaml" ? "add its lines under the program's 'resources:'" : `call ${options.goFunc}(ctx) from the program's pulumi.Run`) +
    ", then the next 'pulumi up' adopts them, one GET each and no POST");
}

/** The folder of the program: `--cwd`'s, else the current one. */
function projectDir(options: Options): string {
  const at = options.pulumiFlags.findIndex((flag) => flag === "--cwd" || flag === "-C");
  return at === -1 ? process.cwd() : path.resolve(options.pulumiFlags[at + 1]);
}

/** A second file declaring the same function would not compile: refused (when there is something to write), naming the way out. */
function refuseGoFuncDeclared(options: Options): void {
  const dir = options.out ? path.dirname(path.resolve(options.out)) : projectDir(options);
  const file = goFuncDeclaredIn(dir, options.goFunc);
  if (file) throw new Error(`${path.join(dir, file)} already declares ${options.goFunc} (an earlier run's?): give this run's function another name with --go-func <name>`);
}

/** What was found and what is left out, and why; the duplicates with the way to take one. */
export function reportLines(appId: string, total: number, s: Selection, take: ReadonlySet<string>, declaredBy?: string): string[] {
  const lines = [`app ${appId}: ${count(total, "livestream")}, ${s.matched} of them picked; ${s.picked.length} to take`];
  const say = (line: string) => void lines.push(line);
  if (s.inState > 0) say(`${s.inState} already in this stack's state, left out`);
  if (s.heldByOtherStacks.length > 0) {
    const counts = new Map<string, number>();
    for (const stack of s.heldByOtherStacks.flatMap((h) => h.stacks)) counts.set(stack, (counts.get(stack) ?? 0) + 1);
    say(`${s.heldByOtherStacks.length} held or claimed by other stacks, left out (one livestream in two stacks hands one stream key to both): ` +
      [...counts].map(([stack, n]) => `${n} by ${stack}`).join(", "));
    for (const { livestreamId, stacks } of s.heldByOtherStacks.filter((h) => h.stacks.length > 1)) {
      say(`livestream ${livestreamId} is held by ${stacks.length} stacks already, ${stacks.join(" and ")}: both hand out its stream key; remove it from all but one`);
    }
  }
  if (s.declared > 0) {
    say(`${s.declared} already declared, left out: ${declaredBy ? `${declaredBy}, or ` : ""}` +
      "written by an earlier run for this stack and not yet taken by 'pulumi up' (if that output was discarded, 'realtimekit-import --release' lets them go)");
  }
  for (const { name, livestreams, held: holders } of s.duplicates) {
    const taken = livestreams.filter((l) => take.has(l.livestreamId) && !holders.has(l.livestreamId));
    const listed = livestreams.map((l) => `${l.livestreamId} (created ${l.createdAt ?? "at a time Cloudflare did not say"})`).join(", ");
    const held = [...holders].map(([id, by]) => `${by[0] === THIS_STACK ? "this stack" : `stack ${by.join(" and stack ")}`} holds ${id}; `).join("");
    say(`'${name}' is the name of ${livestreams.length} livestreams, a duplicate the API cannot delete: ${listed}; ${held}` +
      (taken.length > 0 ? `taking ${taken.map((l) => l.livestreamId).join(", ")} as told` : `taking none${held ? " of the others" : ""}: to take one, run again with '--take <its id>'`));
  }
  return lines;
}

/** A setting that names where livestreams live, checked; the error says where to set it. */
function scoped(settings: Settings, field: "accountId" | "appId", rule: rules.Rule): string {
  const value = settings.get(field);
  const where = field === "accountId" ? "config 'realtimekit:accountId' or CLOUDFLARE_ACCOUNT_ID" : "config 'realtimekit:appId' or CLOUDFLARE_REALTIMEKIT_APP_ID";
  if (value === undefined) throw new ConfigurationError(`${field} is not set: set ${where}`);
  const problem = rule(value);
  if (problem) throw new ConfigurationError(`${field} ${problem}`);
  return value;
}

type ConfigJson = Record<string, { value?: string; objectValue?: unknown }>;

/** `pulumi config --json --show-secrets`: a parse error would quote part of it, secrets included, so it names only the command. */
function revealedConfig(text: string): ConfigJson {
  try {
    return JSON.parse(text) as ConfigJson;
  } catch {
    throw new Error("'pulumi config --json --show-secrets' did not print JSON");
  }
}

interface ConfigList {
  /** The key as Pulumi shows it, `<project>:<key>`. */
  key: string;
  entries: unknown[];
}

/** The stack-config list `livestreamsFromConfig` reads, as it stands (none yet is an empty list). `own`: the stack's fully qualified name. */
async function configList(own: string, config: ConfigJson, options: Options): Promise<ConfigList> {
  const [, project] = own.split("/");
  const key = options.configKey.includes(":") ? options.configKey : `${project}:${options.configKey}`;
  const value = config[key];
  if (value === undefined) return { key, entries: [] };
  if (!Array.isArray(value.objectValue)) throw new ConfigurationError(`Config '${key}' is not a list, so no entry can be added to it`);
  return { key, entries: value.objectValue };
}

/** Appends the entries by path, so that Pulumi writes its own file and the list's entries stay as they are. */
async function appendToConfig(list: ConfigList, adoptions: Adoption[], pulumiFlags: string[]): Promise<void> {
  const paths = configPaths(list.key, list.entries.length, adoptions);
  for (let at = 0; at < paths.length; at += ENTRIES_PER_CONFIG_SET) {
    await pulumi(["config", "set-all", "--path", ...paths.slice(at, at + ENTRIES_PER_CONFIG_SET).flatMap((p) => ["--plaintext", p])], pulumiFlags);
  }
}


if (require.main === module) {
  Promise.resolve()
    .then(() => {
      const options = parseArgs(process.argv.slice(2));
      return options.help ? console.log(HELP) : importLivestreams(options);
    })
    .then(() => process.exit(0))
    .catch((error: Error) => {
      say(error.message);
      process.exit(1);
    });
}
