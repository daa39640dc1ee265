/**
 * Reading livestreams a stack does not manage: one by id, a filtered list, a livestream's sessions.
 * Shared by both doors: the TypeScript functions (dynamic/lookups.ts) and the plugin's invokes.
 * Each takes the settings of its caller; account and app default to them.
 */
import { AppScope, RealtimeKitClient } from "./http/client";
import { clientOptions, Settings } from "./settings/config";
import { ConfigurationError, NotFoundError } from "./http/errors";
import { ListLivestreamsArgs, LivestreamFacts, LivestreamSession, LivestreamSummary, LookupScope } from "./types";
import * as rules from "./settings/validate";

export interface LivestreamSessions {
  /** The session being broadcast now, if any. */
  active?: LivestreamSession;
  /** Every session, oldest first. */
  sessions: LivestreamSession[];
}

/** One livestream by id; fails if it does not exist. */
export async function findLivestream(settings: Settings, args: { livestreamId: string } & LookupScope): Promise<LivestreamFacts> {
  const { client, scope } = connect(settings, args);
  const facts = await client.getLivestream(scope, checked("livestreamId", args.livestreamId, rules.uuid));
  if (!facts) throw new NotFoundError(`getIndependentLivestream: no livestream ${args.livestreamId} exists in app ${scope.appId}`);
  return facts;
}

/** The app's independent livestreams that match, every page. */
export async function listLivestreams(settings: Settings, args: ListLivestreamsArgs = {}): Promise<LivestreamSummary[]> {
  const { client, scope } = connect(settings, args);
  return client.listAllLivestreams(scope, {
    status: args.status, start_time: args.startTime, end_time: args.endTime, exclude_meetings: true, sort_order: "ASC",
  });
}

/** A livestream's sessions and the active one, for dashboards and stack outputs. */
export async function findSessions(settings: Settings, args: { livestreamId: string } & LookupScope): Promise<LivestreamSessions> {
  const { client, scope } = connect(settings, args);
  const id = checked("livestreamId", args.livestreamId, rules.uuid);
  const [sessions, active] = await Promise.all([client.getLivestreamSessions(scope, id), client.getActiveSession(scope, id)]);
  if (!sessions) throw new NotFoundError(`getLivestreamSessions: no livestream ${id} exists in app ${scope.appId}`);
  return active ? { active, sessions } : { sessions };
}

function connect(settings: Settings, args: LookupScope): { client: RealtimeKitClient; scope: AppScope } {
  const scope = {
    accountId: checked("accountId", args.accountId ?? settings.get("accountId"), rules.accountId),
    appId: checked("appId", args.appId ?? settings.get("appId"), rules.uuid),
  };
  return { client: new RealtimeKitClient(clientOptions(settings)), scope };
}

function checked(field: string, value: string | undefined, rule: rules.Rule): string {
  if (value === undefined) throw new ConfigurationError(`${field} is required: pass it, or set config 'realtimekit:${field}' or its environment variable`);
  const problem = rule(value);
  if (problem) throw new ConfigurationError(`${field} ${problem}`);
  return value;
}
