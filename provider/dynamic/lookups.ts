/**
 * The lookups as TypeScript functions, in the style of Pulumi's `get…` functions. They run in the
 * program (also during preview), with the same settings as the provider: stack config
 * `realtimekit:*`, else the CLOUDFLARE_* variables. Stream keys come back as Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { Settings } from "../settings/config";
import { findLivestream, findSessions, listLivestreams, LivestreamSessions } from "../lookups";
import { ListLivestreamsArgs, LivestreamFacts, LivestreamSummary, LookupScope } from "../types";
import { requireSecretToken } from "../settings/secret-token";

/** A livestream as a lookup returns it: its stream key wrapped as a secret. */
export type LivestreamLookup = Omit<LivestreamFacts, "streamKey"> & { streamKey: pulumi.Output<string> };

/** One livestream by id; fails if it does not exist. */
export async function getIndependentLivestream(args: { livestreamId: string } & LookupScope): Promise<LivestreamLookup> {
  const facts = await findLivestream(programSettings(), args);
  return { ...facts, streamKey: pulumi.secret(facts.streamKey) };
}

/** The app's independent livestreams that match, every page. */
export async function listIndependentLivestreams(args: ListLivestreamsArgs = {}): Promise<LivestreamSummary[]> {
  return listLivestreams(programSettings(), args);
}

/** A livestream's sessions and the active one, for dashboards and stack outputs. */
export async function getLivestreamSessions(args: { livestreamId: string } & LookupScope): Promise<LivestreamSessions> {
  return findSessions(programSettings(), args);
}

/** The program's settings. The token is read raw: Config.get would warn it is a secret. */
function programSettings(): Settings {
  requireSecretToken();
  return new Settings({ get: (key) => pulumi.runtime.getConfig(key) });
}
