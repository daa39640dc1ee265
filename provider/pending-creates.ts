/**
 * What Pulumi's state knows about creates a crash interrupted, read from and written back to the
 * JSON of `pulumi stack export` / `pulumi stack import`. The engine records a pending create (the
 * resource's checked inputs: name, account, app) before it calls the provider, and only writes the
 * resource once the provider answers; a crash in between leaves the pending create and no id.
 */
import { RealtimeKitError } from "./errors";
import { CheckedInputs, LivestreamFacts } from "./types";

/** The resource type token of IndependentLivestream in state. */
export const LIVESTREAM_TYPE = "pulumi-nodejs:dynamic/realtimekit:IndependentLivestream";
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
}

/** The plugin door's type token: its pending creates are not recovered here (see pendingCreates). */
const PLUGIN_LIVESTREAM_TYPE = "realtimekit:index:IndependentLivestream";

/**
 * Pending creates of IndependentLivestreams only: other providers' pending operations are not ours
 * to touch. Those of the plugin door (Pulumi YAML) are refused rather than passed over, since saying
 * "nothing to do" would let the next `up` create them again.
 */
export function pendingCreates(stack: ExportedStack): PendingCreate[] {
  const plugin = (stack.deployment.pending_operations ?? []).filter((op) => op.type === "creating" && op.resource.type === PLUGIN_LIVESTREAM_TYPE);
  if (plugin.length > 0) {
    throw new RealtimeKitError(
      `${plugin.length} pending create(s) of the plugin door (${plugin.map((op) => op.resource.urn).join(", ")}): realtimekit-recover ` +
        "handles the dynamic provider's only. Nothing was written. Find each livestream by name (listIndependentLivestreams), " +
        "'pulumi import realtimekit:index:IndependentLivestream <name> <id>', then 'pulumi refresh --clear-pending-creates'",
    );
  }
  return (stack.deployment.pending_operations ?? [])
    .filter((op) => op.type === "creating" && op.resource.type === LIVESTREAM_TYPE)
    .map((op) => ({ urn: op.resource.urn, inputs: (op.resource.inputs ?? {}) as unknown as PendingCreate["inputs"] }));
}

/** Ids of every livestream the state holds, whatever its URN. */
export function livestreamIdsInState(stack: ExportedStack): Set<string> {
  return new Set((stack.deployment.resources ?? []).filter((r) => r.type === LIVESTREAM_TYPE && r.id).map((r) => r.id!));
}

/**
 * The livestream an update run after the crash (without recovery first) created again for this URN:
 * the interrupted create's livestream, if Cloudflare made one, is then a duplicate.
 */
export function recreatedAfter(stack: ExportedStack, urn: string, since: Date): StateResource | undefined {
  return (stack.deployment.resources ?? []).find((r) => r.urn === urn && !r.delete && r.created !== undefined && Date.parse(r.created) >= since.getTime());
}

/** The kinds of history entry that can create or forget a livestream; a refresh only drops those already gone. */
const STATE_CHANGING_KINDS = ["update", "destroy", "import"];

/**
 * When the interrupted update began, at the latest: the start of the newest update, destroy or
 * stack import in the stack's history (`pulumi stack history --json`; a killed update has no entry
 * on a file backend, and on Pulumi Cloud its entry's start is still before its creates), or, when
 * there is none yet, the creation of the stack's `pulumi:pulumi:Stack` resource, which every update
 * registers first. Every livestream a create of that update made was created after this; every
 * livestream an earlier update made, or that was forgotten by a destroy, replace or import, before it.
 */
export function interruptedUpdateBegan(stack: ExportedStack, history: { kind?: string; startTime?: string | number }[]): Date | undefined {
  const stackResource = (stack.deployment.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack");
  const starts = history.filter((h) => h.kind === undefined || STATE_CHANGING_KINDS.includes(h.kind)).map((h) => h.startTime);
  const times = [...starts, stackResource?.created]
    .map((t) => (typeof t === "number" ? t * 1000 : t ? Date.parse(t) : NaN))
    .filter((t) => Number.isFinite(t));
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

/**
 * The state with each recovered livestream written as the resource its create would have saved
 * (inputs, outputs with the stream key as a secret, the pending operation's other fields) and the
 * pending creates of `resolved` URNs removed. Plain-text secrets here are encrypted by
 * `pulumi stack import`, which reads this from a pipe: it is never written to disk or printed.
 */
export function withRecovered(stack: ExportedStack, created: Map<string, LivestreamFacts>, resolved: Set<string>, now = new Date()): ExportedStack {
  const pending = stack.deployment.pending_operations ?? [];
  let resources = [...(stack.deployment.resources ?? [])];
  for (const op of pending.filter((p) => p.type === "creating" && created.has(p.resource.urn))) {
    const facts = created.get(op.resource.urn)!;
    const inputs = op.resource.inputs ?? {};
    // A replace interrupted mid-way: the old livestream stays until the next update forgets it, as the engine does.
    resources = resources.map((r) => (r.urn === op.resource.urn && !r.delete ? { ...r, delete: true } : r));
    resources.push({
      ...op.resource,
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
