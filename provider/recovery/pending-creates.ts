/**
 * What Pulumi's state knows about creates a crash interrupted, read from and written back to the
 * JSON of `pulumi stack export` / `pulumi stack import`. The engine records a pending create (the
 * resource's checked inputs: name, account, app) before it calls the provider, and only writes the
 * resource once the provider answers; a crash in between leaves the pending create and no id.
 */
import { RealtimeKitError } from "../http/errors";
import { DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN } from "../engine/tokens";
import { isDefaultProvider, parseProviderReference } from "../engine/urn";
import { CheckedInputs, LivestreamFacts, replaceOnChange } from "../types";

/** Pulumi's marker of a secret value in exported state (`resource.SecretSig`). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** One resource of an exported deployment: the fields read here; the rest is carried through untouched. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  delete?: boolean;
  created?: string;
  modified?: string;
  [field: string]: unknown;
}

export interface PendingOperation {
  resource: StateResource;
  type: "creating" | "updating" | "deleting" | "reading" | "importing" | string;
}

/** The output of `pulumi stack export` (version 3). */
export interface ExportedStack {
  version: number;
  deployment: { resources?: StateResource[]; pending_operations?: PendingOperation[]; [field: string]: unknown };
}

/** A livestream whose create a crash interrupted: its URN and the inputs the create was given. */
export interface PendingCreate {
  urn: string;
  inputs: CheckedInputs & { __provider?: string };
  /**
   * For a plugin create through an explicit provider, that provider's reference (`<URN>::<id>`): its
   * properties in state are the settings. Otherwise the stack's settings (config `realtimekit:*`, else
   * the environment), which the dynamic provider and the plugin's default provider read.
   */
  provider?: string;
}

/** IndependentLivestream through either door: the dynamic provider (TypeScript) or the plugin (Pulumi YAML). */
const LIVESTREAM_TYPES = [DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN];

/** Pending creates of IndependentLivestreams only: other providers' pending operations are not ours to touch. */
export function pendingCreates(stack: ExportedStack): PendingCreate[] {
  return (stack.deployment.pending_operations ?? []).filter((op) => op.type === "creating" && isLivestream(op.resource)).map((op) => asCreate(op.resource));
}

/** Whether a resource is an IndependentLivestream, through either door. */
export const isLivestream = (resource: StateResource): boolean => LIVESTREAM_TYPES.includes(resource.type);

/** The create of a livestream resource as the engine records it (a pending create's, or a preview's new state). */
export function asCreate(resource: StateResource): PendingCreate {
  const create: PendingCreate = { urn: resource.urn, inputs: (resource.inputs ?? {}) as unknown as PendingCreate["inputs"] };
  const provider = resource.provider;
  if (resource.type === PLUGIN_TYPE_TOKEN && typeof provider === "string" && !isDefaultProvider(parseProviderReference(provider).urn)) create.provider = provider;
  return create;
}

/**
 * The properties of the explicit provider a reference (`<URN>::<id>`) names, from state exported
 * with `--show-secrets` (its token is a secret there), secrets unwrapped: the settings it gave its creates.
 */
export function providerProperties(stack: ExportedStack, reference: string): Record<string, unknown> {
  const { urn, id } = parseProviderReference(reference);
  const provider = (stack.deployment.resources ?? []).find((r) => r.urn === urn && r.id === id && !r.delete);
  if (!provider) throw new RealtimeKitError(`the explicit provider ${urn} (id ${id}) that made a pending create is not in the stack's state; nothing was written`);
  return Object.fromEntries(Object.entries(provider.inputs ?? {}).map(([key, value]) => [key, revealed(value)]));
}

/** A value of state exported with `--show-secrets`: a secret there is its signature and the plain text, as JSON. */
function revealed(value: unknown): unknown {
  const wrapped = value as Record<string, unknown> | null;
  if (typeof wrapped !== "object" || wrapped === null || wrapped[SECRET_SIG_KEY] !== SECRET_SIG) return value;
  if (typeof wrapped.plaintext !== "string") throw new RealtimeKitError("a provider's secret setting is still encrypted: export the state with --show-secrets to read it");
  try {
    return JSON.parse(wrapped.plaintext);
  } catch {
    throw new RealtimeKitError("a provider's secret setting in state is not valid JSON");
  }
}

/** Ids of every livestream the state holds, whatever its URN or door. */
export function livestreamIdsInState(stack: ExportedStack): Set<string> {
  return new Set((stack.deployment.resources ?? []).filter((r) => LIVESTREAM_TYPES.includes(r.type) && r.id).map((r) => r.id!));
}

/** One entry of `pulumi stack history --json`: the fields read here. */
export interface HistoryEntry {
  version?: number;
  kind?: string;
  result?: string;
  startTime?: string | number;
  endTime?: string | number;
}

/** What the state and the stack's history tell of the interrupted update. */
export interface Interruption {
  /** When it began, at the latest: every livestream its creates made was created after this. */
  began: Date;
  /** Whether an operation recorded in history ran after it (a refresh, or an update that may have created again). */
  followed: boolean;
}

/** The kinds of history entry that can create or forget a livestream; a refresh only drops those already gone. */
const STATE_CHANGING_KINDS = ["update", "destroy", "import"];

/**
 * For pending creates recorded without a stamp (by a provider older than `createStartedAt`), from
 * the stack's whole history. A killed update leaves no history entry on a file or PostgreSQL
 * backend (on Pulumi Cloud its entry starts before its creates), but its last checkpoint is the
 * state's manifest time. When that comes a second or more after every recorded operation ended
 * (history keeps whole seconds), the interrupted update wrote last: it held the stack's lock, so it
 * began after they all ended, and nothing ran after it; with no history at all it was the stack's
 * first update, which registered the `pulumi:pulumi:Stack` resource first. Otherwise some recorded
 * operation followed it, and it began, at the latest, at the newest update, destroy or import.
 * When there is none, undefined: the stack's creation could be weeks earlier, and a window from
 * there could take a livestream an earlier destroy forgot.
 */
export function interruption(stack: ExportedStack, history: HistoryEntry[]): Interruption | undefined {
  const stackCreated = time((stack.deployment.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack")?.created);
  const lastWrite = time((stack.deployment.manifest as { time?: string } | undefined)?.time);
  const ends = history.map((h) => time(h.endTime ?? h.startTime)).filter(Number.isFinite);
  if (Number.isFinite(lastWrite) && ends.every((end) => lastWrite >= end + 1000)) {
    const began = Math.max(...[...ends, ...(ends.length === 0 ? [stackCreated] : [])].filter(Number.isFinite));
    return Number.isFinite(began) ? { began: new Date(began), followed: false } : undefined;
  }
  const starts = history.filter((h) => h.kind === undefined || STATE_CHANGING_KINDS.includes(h.kind)).map((h) => time(h.startTime));
  const began = Math.max(...starts.filter(Number.isFinite));
  return Number.isFinite(began) ? { began: new Date(began), followed: true } : undefined;
}

/**
 * From when a livestream an interrupted update made can date, once its pending creates are gone
 * (`pulumi refresh --clear-pending-creates`): the start of the newest update, destroy or import that
 * succeeded, since the stack runs one at a time, so the interrupted one began after it (an update
 * that failed or was refused may have come after the crash); with none, the stack's creation, which
 * its first update registers before any create. Undefined when the state shows neither.
 */
export function lastCompletedStart(stack: ExportedStack, history: HistoryEntry[]): Date | undefined {
  const starts = history.filter((h) => h.result === "succeeded" && STATE_CHANGING_KINDS.includes(h.kind ?? "")).map((h) => time(h.startTime));
  const stackCreated = time((stack.deployment.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack")?.created);
  const from = starts.length > 0 ? Math.max(...starts) : stackCreated;
  return Number.isFinite(from) ? new Date(from) : undefined;
}

/**
 * What a resource to write refers to that the state lacks (its parent, provider, dependencies):
 * `pulumi stack import` refuses such a state, and the engine would not know the resource's place.
 */
export function missingReferences(stack: ExportedStack, resource: StateResource): string[] {
  const live = (stack.deployment.resources ?? []).filter((r) => !r.delete);
  const urns = new Set(live.map((r) => r.urn));
  const providers = new Set(live.map((r) => `${r.urn}::${r.id}`));
  const wanted = [resource.parent, ...((resource.dependencies as string[] | undefined) ?? [])].filter((u): u is string => typeof u === "string");
  const missing = wanted.filter((u) => !urns.has(u));
  if (typeof resource.provider === "string" && !providers.has(resource.provider)) missing.push(resource.provider);
  return missing;
}

/** When a create was first attempted, as check stamped it (see CheckedInputs); undefined in older state. */
export function createStart(create: { inputs?: object }): Date | undefined {
  const stamp = (create.inputs as { createStartedAt?: unknown } | undefined)?.createStartedAt;
  const at = typeof stamp === "string" ? time(stamp) : NaN;
  return Number.isFinite(at) ? new Date(at) : undefined;
}

/**
 * The livestream an update run after the crash (without recovery first) created again for this
 * create, if any: the interrupted create's livestream, if Cloudflare made one, is then a duplicate.
 * With stamps, the one in state under that URN was made again if its create started later (a new
 * check); one with the same stamp is the livestream a forced replace was replacing. Without, a
 * livestream made before the crash under the same URN is the one an interrupted replace was
 * replacing: it was created before any update that followed, or with other inputs.
 */
export function recreatedAfter(stack: ExportedStack, create: PendingCreate, interrupted: Interruption | undefined): StateResource | undefined {
  const started = createStart(create);
  const sameUrn = (stack.deployment.resources ?? []).filter(
    (r) => r.urn === create.urn && !r.delete && replaceOnChange.every((field) => r.inputs?.[field] === create.inputs[field]),
  );
  if (started) return sameUrn.find((r) => (createStart(r)?.getTime() ?? -Infinity) > started.getTime());
  if (!interrupted?.followed) return undefined;
  return sameUrn.find((r) => r.created !== undefined && Date.parse(r.created) >= interrupted.began.getTime());
}

/** A time of state or history: ISO text, or seconds since the epoch; NaN when absent. */
function time(value: string | number | undefined): number {
  return typeof value === "number" ? value * 1000 : value ? Date.parse(value) : NaN;
}

/**
 * The state with each recovered livestream written as the resource its create would have saved
 * (inputs, outputs with the stream key as a secret, the other fields of its pending operation, or of
 * its `declared` new state when the pending creates are gone) and the pending creates of `resolved`
 * URNs removed. Plain-text secrets here are encrypted by
 * `pulumi stack import`, which reads this from a pipe: it is never written to disk or printed.
 */
export function withRecovered(stack: ExportedStack, created: Map<string, LivestreamFacts>, resolved: Set<string>, now = new Date(), declared: StateResource[] = []): ExportedStack {
  const pending = stack.deployment.pending_operations ?? [];
  let resources = [...(stack.deployment.resources ?? [])];
  const sources = [...pending.filter((p) => p.type === "creating").map((p) => p.resource), ...declared];
  for (const resource of sources.filter((r) => created.has(r.urn))) {
    const facts = created.get(resource.urn)!;
    const inputs = resource.inputs ?? {};
    // A replace interrupted mid-way: the old livestream stays until the next update forgets it, as the engine does.
    resources = resources.map((r) => (r.urn === resource.urn && !r.delete ? { ...r, delete: true } : r));
    resources.push({
      ...resource,
      id: facts.livestreamId,
      inputs,
      outputs: { ...inputs, ...facts, name: inputs.adoptLivestreamId ? facts.name : inputs.name, streamKey: secret(facts.streamKey) },
      created: now.toISOString(),
      modified: now.toISOString(),
    });
  }
  const stillPending = pending.filter((p) => !(p.type === "creating" && resolved.has(p.resource.urn)));
  return { ...stack, deployment: { ...stack.deployment, resources, pending_operations: stillPending } };
}

function secret(value: string): Record<string, string> {
  return { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value) };
}
