/**
 * The IndependentLivestream's inputs and outputs, declared once. The resource's `pulumi.Input` args,
 * its `pulumi.Output` properties and the provider's method signatures are all derived from these.
 */

/** What the user declares. Every field can come from a `pulumi.Input`. */
export interface LivestreamInputs {
  /**
   * Name of the livestream: 1-100 letters, digits, `-` or `_` (the API's pattern `^[a-zA-Z0-9-_]*$`,
   * never empty here so that a lost create can be recognised). Default, chosen at first create and
   * kept after it: `<project>-<stack>-<resource name>`, made to fit the pattern. Replaces when set to
   * another value: the API cannot rename. Renaming the resource, the stack or the project, or
   * removing an explicit name, keeps the livestream.
   */
  name?: string;
  /** Cloudflare account id, 32 hex digits. Default: config `realtimekit:accountId`, else `CLOUDFLARE_ACCOUNT_ID`. Replaces on change. */
  accountId?: string;
  /** RealtimeKit app id, a UUID. Default: config `realtimekit:appId`, else `CLOUDFLARE_REALTIMEKIT_APP_ID`. Replaces on change. */
  appId?: string;
  /**
   * Id (a UUID) of a livestream that already exists, to take under management instead of creating
   * one: create reads it and fails if it does not exist. `name` is then taken from Cloudflare.
   * Replaces on change.
   */
  adoptLivestreamId?: string;
}

/**
 * What a door (the dynamic resource, the plugin) sends to `check`: the inputs, the name to use when
 * none is given or kept, and which resource asks (its name), to catch two asking for one name.
 * Neither extra is stored.
 */
export interface ResourceProps extends LivestreamInputs {
  defaultName?: string;
  owner?: string;
}

/** The inputs after `check`: defaults filled in, so that `diff` compares what `create` used. */
export interface CheckedInputs extends LivestreamInputs {
  accountId: string;
  appId: string;
}

/** What Cloudflare says about a livestream, in our names. */
export interface LivestreamFacts {
  /** The livestream id (a UUID); also the resource's id. */
  livestreamId: string;
  /** The livestream's name in Cloudflare. */
  name: string;
  /** RTMPS server the encoder sends to, e.g. `rtmps://live.cloudflare.com:443/live/`. */
  ingestServer: string;
  /** Key the encoder authenticates with. Always a Pulumi secret: whoever holds it can broadcast. */
  streamKey: string;
  /** HLS URL viewers play. */
  playbackUrl: string;
  /** `LIVE`, `IDLE`, `ERRORED` or `INVOKED` (other values are passed through as Cloudflare sends them). */
  status: string;
  /** Whether Cloudflare has disabled the livestream. */
  disabled: boolean;
  /** Meeting the livestream belongs to; absent for an independent livestream. */
  meetingId?: string;
}

/** One broadcast of a livestream: from the encoder connecting to it stopping. */
export interface LivestreamSession {
  sessionId: string;
  /** ISO 8601, when known. */
  startedTime?: string;
  /** ISO 8601; absent while the session is active. */
  stoppedTime?: string;
  /** Seconds of video received. Cloudflare fills this in 40-50 s late. */
  ingestSeconds: number;
  /** Seconds watched, summed over viewers. */
  viewerSeconds: number;
  errorMessage?: string;
}

/** Everything stored in state: the checked inputs plus Cloudflare's facts. */
export type LivestreamOutputs = CheckedInputs & LivestreamFacts;

/** The names of the inputs whose change replaces the livestream (the API has no update). */
export const replaceOnChange = ["name", "accountId", "appId", "adoptLivestreamId"] as const satisfies readonly (keyof LivestreamInputs)[];

/** The inputs that hold ids: lower-cased by `check`, so that a change of case is no change. */
export const ID_FIELDS = ["accountId", "appId", "adoptLivestreamId"] as const satisfies readonly (keyof LivestreamInputs)[];

/** The output names, used to seed the resource's output properties. */
export const outputNames = [
  "livestreamId", "name", "accountId", "appId", "ingestServer", "streamKey",
  "playbackUrl", "status", "disabled", "meetingId",
] as const satisfies readonly (keyof LivestreamOutputs)[];
