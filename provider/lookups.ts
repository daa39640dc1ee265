/**
 * Reading livestreams a stack does not manage, in the style of Pulumi's `get…` functions. They run
 * in the program (also during preview), with the same settings as the provider: stack config
 * `realtimekit:*`, else the CLOUDFLARE_* variables. Stream keys come back as Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { AppScope, RealtimeKitClient } from "./client";
import { clientOptions, Settings } from "./config";
import { ConfigurationError, NotFoundError } from "./errors";
import { LivestreamSummary } from "./mapping";
import { LivestreamFacts, LivestreamSession } from "./types";
import { requireSecretToken } from "./secret-token";
import * as rules from "./validate";

/** Where to look; each defaults to the settings. */
export interface LookupScope {
  accountId?: string;
  appId?: string;
}

/** A livestream as a lookup returns it: its stream key wrapped as a secret. */
export type LivestreamLookup = Omit<LivestreamFacts, "streamKey"> & { streamKey: pulumi.Output<string> };

/** What a list lookup can filter on; pages are fetched inside. */
export interface ListLivestreamsArgs extends LookupScope {
  status?: "LIVE" | "IDLE" | "ERRORED" | "INVOKED";
  /** ISO 8601: created at or after. */
  startTime?: string;
  /** ISO 8601: created at or before. */
  endTime?: string;
}

export interface LivestreamSessions {
  /** The session being broadcast now, if any. */
  active?: LivestreamSession;
  /** Every session, oldest first. */
  sessions: LivestreamSession[];
}

/** One livestream by id; fails if it does not exist. */
export async function getIndependentLivestream(args: { livestreamId: string } & LookupScope): Promise<LivestreamLookup> {
  const { client, scope } = connect(args);
  const facts = await client.getLivestream(scope, checked("livestreamId", args.livestreamId, rules.uuid));
  if (!facts) throw new NotFoundError(`getIndependentLivestream: no livestream ${args.livestreamId} exists in app ${scope.appId}`);
  return { ...facts, streamKey: pulumi.secret(facts.streamKey) };
}

/** The app's independent livestreams that match, every page. */
export async function listIndependentLivestreams(args: ListLivestreamsArgs = {}): Promise<LivestreamSummary[]> {
  const { client, scope } = connect(args);
  return client.listAllLivestreams(scope, {
    status: args.status, start_time: args.startTime, end_time: args.endTime, exclude_meetings: true, sort_order: "ASC",
  });
}

/** A livestream's sessions and the active one, for dashboards and stack outputs. */
export async function getLivestreamSessions(args: { livestreamId: string } & LookupScope): Promise<LivestreamSessions> {
  const { client, scope } = connect(args);
  const id = checked("livestreamId", args.livestreamId, rules.uuid);
  const [sessions, active] = await Promise.all([client.getLivestreamSessions(scope, id), client.getActiveSession(scope, id)]);
  if (!sessions) throw new NotFoundError(`getLivestreamSessions: no livestream ${id} exists in app ${scope.appId}`);
  return active ? { active, sessions } : { sessions };
}

/** A client from the program's settings. The token is read raw: Config.get would warn it is a secret. */
function connect(args: LookupScope): { client: RealtimeKitClient; scope: AppScope } {
  requireSecretToken();
  const settings = new Settings({ get: (key) => pulumi.runtime.getConfig(key) });
  const scope = {
    accountId: checked("accountId", args.accountId ?? settings.get("accountId"), rules.accountId),
    appId: checked("appId", args.appId ?? settings.get("appId"), rules.uuid),
  };
  const client = new RealtimeKitClient(clientOptions(settings));
  return { client, scope };
}

function checked(field: string, value: string | undefined, rule: rules.Rule): string {
  if (value === undefined) throw new ConfigurationError(`${field} is required: pass it, or set config 'realtimekit:${field}' or its environment variable`);
  const problem = rule(value);
  if (problem) throw new ConfigurationError(`${field} ${problem}`);
  return value;
}
