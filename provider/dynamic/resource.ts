/**
 * The IndependentLivestream resource: a Cloudflare RealtimeKit livestream that belongs to no meeting.
 * Its args and outputs derive from `types.ts`. It is what `pulumi.dynamic.Resource` makes, a custom
 * resource of Pulumi's dynamic provider whose `__provider` the provider host loads, with that text
 * a constant (see serialized-provider.ts) rather than the output of Pulumi's closure serializer; the
 * provider it loads is the shared instance in `runtime.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { requireSecretToken } from "../settings/secret-token";
import { LivestreamInputs, LivestreamOutputs, OutputName, outputNames, secretOutputs } from "../types";
import { DYNAMIC_TYPE_TOKEN } from "../engine/tokens";
import { SERIALIZED_PROVIDER } from "./serialized-provider";

/** The resource's arguments: every input may be a `pulumi.Input`. */
export type IndependentLivestreamArgs = { [K in keyof LivestreamInputs]?: pulumi.Input<NonNullable<LivestreamInputs[K]>> };

type Out<K extends keyof LivestreamOutputs> = pulumi.Output<LivestreamOutputs[K]>;

export class IndependentLivestream extends pulumi.CustomResource {
  /** The livestream id (a UUID), also the resource id. */
  declare readonly livestreamId: Out<"livestreamId">;
  /** The livestream's name. */
  declare readonly name: Out<"name">;
  declare readonly accountId: Out<"accountId">;
  declare readonly appId: Out<"appId">;
  /** RTMPS server the encoder sends to. */
  declare readonly ingestServer: Out<"ingestServer">;
  /** The encoder's key. Always a secret: whoever holds it can broadcast on this livestream. */
  declare readonly streamKey: Out<"streamKey">;
  /** HLS URL viewers play. */
  declare readonly playbackUrl: Out<"playbackUrl">;
  /** `LIVE`, `IDLE`, `ERRORED` or `INVOKED`, as of the last create or refresh. */
  declare readonly status: Out<"status">;
  declare readonly disabled: Out<"disabled">;
  /** Absent for an independent livestream. */
  declare readonly meetingId: Out<"meetingId">;

  /**
   * @param name The resource's name; unless `args.name` is given, the livestream is named
   *   `<project>-<stack>-<name>` (with a short hash unless each part is plain letters, digits and `_`) at first create, and keeps that name.
   */
  constructor(name: string, args: IndependentLivestreamArgs = {}, opts?: pulumi.CustomResourceOptions) {
    requireSecretToken();
    const seeded = Object.fromEntries(outputNames.map((key) => [key, undefined]));
    // The provider's check picks the name: the one given, else the one kept from before, else the
    // default from `owner`, this resource's URN, by which it also catches two resources asking for one name.
    const owner = pulumi.createUrn(name, DYNAMIC_TYPE_TOKEN, opts?.parent);
    const props = { ...seeded, ...args, owner, __provider: SERIALIZED_PROVIDER };
    const secret = { additionalSecretOutputs: [...secretOutputs] };
    super(DYNAMIC_TYPE_TOKEN, name, props, pulumi.mergeOptions(opts, secret));
  }
}

// Every output of types.ts has its property above: this stops compiling, naming it, when one is added there only.
type None<T extends never> = T;
type UndeclaredOutputs = None<Exclude<OutputName, keyof IndependentLivestream>>;
