/**
 * The IndependentLivestream's inputs and outputs, declared once, as values: the TypeScript types
 * below are derived from these declarations, and so is the plugin's schema (plugin/schema.ts). The
 * resource's `pulumi.Input` args, its `pulumi.Output` properties and the provider's method
 * signatures all derive from the types.
 */

/** One property: its type, what it means, and how the engine must treat it. */
export interface PropertySpec {
  type: "string" | "boolean" | "number";
  description: string;
  /** May be absent (inputs always may). */
  optional?: true;
  /** Always a Pulumi secret. */
  secret?: true;
  /** A change replaces the livestream (the API has no update). */
  replaces?: true;
  /** The only values allowed, for a string. */
  oneOf?: readonly string[];
}

type Value<S extends PropertySpec> = S extends { oneOf: readonly (infer U)[] } ? U
  : S["type"] extends "boolean" ? boolean : S["type"] extends "number" ? number : string;
type OptionalKeys<D> = { [K in keyof D]: D[K] extends { optional: true } ? K : never }[keyof D];
/** The object type a declaration describes: optional where it says so. */
export type Declared<D extends Record<string, PropertySpec>> =
  { [K in Exclude<keyof D, OptionalKeys<D>>]: Value<D[K]> } & { [K in OptionalKeys<D>]?: Value<D[K]> };

/** What the user declares. Every field can come from a `pulumi.Input`, and every one is optional. */
export const INPUTS = {
  name: {
    type: "string", replaces: true,
    description:
      "Name of the livestream: 1-100 letters, digits, `-` or `_` (the API's pattern, never empty here so that a lost " +
      "create can be recognised; unique in its app). Default, chosen at first create and kept after it: " +
      "`<project>-<stack>-<resource name>`, with a short hash unless each part is plain letters, digits and `_`. Replaces when " +
      "set to another value: the API cannot rename. Renaming the resource (with an alias), the stack or the project, removing an explicit " +
      "name, or a replacement keeps the name.",
  },
  accountId: {
    type: "string", replaces: true,
    description: "Cloudflare account id, 32 hex digits. Default: config `realtimekit:accountId`, else `CLOUDFLARE_ACCOUNT_ID`. Replaces on change.",
  },
  appId: {
    type: "string", replaces: true,
    description: "RealtimeKit app id, a UUID. Default: config `realtimekit:appId`, else `CLOUDFLARE_REALTIMEKIT_APP_ID`. Replaces on change.",
  },
  adoptLivestreamId: {
    type: "string", replaces: true,
    description:
      "Id (a UUID) of a livestream that already exists, to take under management instead of creating one: create " +
      "reads it and fails if it does not exist. `name` is then taken from Cloudflare. Replaces on change.",
  },
  adoptExisting: {
    type: "boolean",
    description:
      "At create, when the app already has a livestream of this `name`, take that one (one GET, no POST) instead of " +
      "failing; two of the name fail, listing both, for `adoptLivestreamId` to choose. Without it a create whose name " +
      "the app holds fails, since a second livestream of a name could never be deleted. The one it takes may belong to " +
      "another stack or program (nothing here can tell): both then hand out one stream key, so set it only for a name no " +
      "other stack declares. Only create reads it: a change replaces nothing.",
  },
} as const satisfies Record<string, PropertySpec>;

/** What Cloudflare says about a livestream, in our names. */
export const FACTS = {
  livestreamId: { type: "string", description: "The livestream id (a UUID); also the resource's id." },
  name: { type: "string", description: "The livestream's name in Cloudflare." },
  ingestServer: { type: "string", description: "RTMPS server the encoder sends to, e.g. `rtmps://live.cloudflare.com:443/live/`." },
  streamKey: { type: "string", secret: true, description: "Key the encoder authenticates with. Always a secret: whoever holds it can broadcast." },
  playbackUrl: { type: "string", description: "HLS URL viewers play." },
  status: { type: "string", description: "`LIVE`, `IDLE`, `ERRORED` or `INVOKED`, as of the last create or refresh (other values are passed through)." },
  disabled: { type: "boolean", description: "Whether Cloudflare has disabled the livestream." },
  meetingId: { type: "string", optional: true, description: "Meeting the livestream belongs to; absent for an independent livestream." },
} as const satisfies Record<string, PropertySpec>;

/** One broadcast of a livestream: from the encoder connecting to it stopping. */
export const SESSION = {
  sessionId: { type: "string", description: "The session's id." },
  startedTime: { type: "string", optional: true, description: "ISO 8601, when known." },
  stoppedTime: { type: "string", optional: true, description: "ISO 8601; absent while the session is active." },
  ingestSeconds: { type: "number", description: "Seconds of video received. Cloudflare fills this in 40-50 s late." },
  viewerSeconds: { type: "number", description: "Seconds watched, summed over viewers." },
  errorMessage: { type: "string", optional: true, description: "Why the session failed, if it did." },
} as const satisfies Record<string, PropertySpec>;

/** Where a lookup looks: each defaults to the settings. */
export const LOOKUP_SCOPE = { accountId: { ...INPUTS.accountId, optional: true }, appId: { ...INPUTS.appId, optional: true } } as const;

/** What the list lookup filters on, beside its scope. */
export const LIST_FILTERS = {
  status: { type: "string", optional: true, oneOf: ["LIVE", "IDLE", "ERRORED", "INVOKED"], description: "`LIVE`, `IDLE`, `ERRORED` or `INVOKED`." },
  startTime: { type: "string", optional: true, description: "ISO 8601: created at or after." },
  endTime: { type: "string", optional: true, description: "ISO 8601: created at or before." },
} as const satisfies Record<string, PropertySpec>;

/** A livestream as a list shows it: no stream key, and a name only when the list carries one. */
export const SUMMARY = {
  livestreamId: FACTS.livestreamId,
  status: FACTS.status,
  name: { ...FACTS.name, optional: true, description: "The livestream's name; absent when Cloudflare's list leaves it out (a GET by id has it)." },
  createdAt: { type: "string", optional: true, description: "ISO 8601." },
} as const satisfies Record<string, PropertySpec>;

export type LookupScope = Declared<typeof LOOKUP_SCOPE>;
export type ListLivestreamsArgs = LookupScope & Declared<typeof LIST_FILTERS>;
export type LivestreamSummary = Declared<typeof SUMMARY>;

/** What the user declares (see INPUTS). */
export type LivestreamInputs = { [K in keyof typeof INPUTS]?: Value<(typeof INPUTS)[K]> };

/** What Cloudflare says about a livestream (see FACTS). */
export type LivestreamFacts = Declared<typeof FACTS>;

/** One broadcast of a livestream (see SESSION). */
export type LivestreamSession = Declared<typeof SESSION>;

/**
 * What a door (the dynamic resource, the plugin) sends to `check`: the inputs, and which resource
 * asks (its URN), from which the default name comes and by which two resources asking for one name
 * are told apart. The URN is not stored.
 */
export interface ResourceProps extends LivestreamInputs {
  owner?: string;
}

/** The inputs after `check`: defaults filled in, so that `diff` compares what `create` used. */
export interface CheckedInputs extends LivestreamInputs {
  accountId: string;
  appId: string;
  /**
   * When this livestream's create was first attempted (ISO 8601, the clock of the machine that ran
   * the update), stamped by `check`, never by the user: the engine records it with a pending create,
   * so recovery looks for what an interrupted create made from here on (recover.ts). Kept across
   * checks, so it never changes by itself (diff ignores it); renewed when a changed input replaces
   * the livestream. Absent in state written before it existed.
   */
  createStartedAt?: string;
}

/** Everything stored in state: the checked inputs plus Cloudflare's facts. */
export type LivestreamOutputs = CheckedInputs & LivestreamFacts;

/** The names of the inputs whose change replaces the livestream (the API has no update). */
export const replaceOnChange = (Object.keys(INPUTS) as (keyof typeof INPUTS)[]).filter((key) => "replaces" in INPUTS[key]);

/** The inputs that hold ids: lower-cased by `check`, so that a change of case is no change. */
export const ID_FIELDS = ["accountId", "appId", "adoptLivestreamId"] as const satisfies readonly (keyof LivestreamInputs)[];

/** Whether an input is unchanged: ids stored before `check` lower-cased them equal their lower-case form. */
export function sameInput(field: keyof CheckedInputs, old: unknown, now: unknown): boolean {
  const ids = ID_FIELDS as readonly string[];
  return ids.includes(field) && typeof old === "string" && typeof now === "string" ? old.toLowerCase() === now.toLowerCase() : old === now;
}

/** The resource's output properties: Cloudflare's facts and where the livestream lives. */
export type OutputName = keyof LivestreamFacts | "accountId" | "appId";
export const outputNames: readonly OutputName[] = [...(Object.keys(FACTS) as (keyof LivestreamFacts)[]), "accountId", "appId"];

/** The outputs that are always Pulumi secrets (`secret` in FACTS). */
export const secretOutputs = (Object.keys(FACTS) as (keyof typeof FACTS)[]).filter((key) => "secret" in FACTS[key]);
