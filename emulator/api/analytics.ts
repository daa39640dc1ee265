/**
 * The analytics operations (endpoints 11 and 12), computed from the stored sessions: counts and sums only. A session
 * belongs to the time of its `started_time` (its `created_at` if it never started). `start_time`/`end_time` are Unix
 * seconds, inclusive; `filters` is accepted and ignored. Only the sessions of the path's account and app count.
 */
import type { LivestreamSessionRecord } from "../store/records";
import { success, type Reply } from "./envelope";
import { integer } from "./input";
import type { OperationContext } from "./operation";

/** `get-livestream-analytics-complete`: `count` is the number of livestreams with a session in range, as documented. */
export function analyticsOverall({ query, app }: OperationContext): Reply {
  const sessions = sessionsInRange(app.sessions(), query);
  const livestreams = new Set(sessions.map((session) => session.livestream_id));
  return success(200, { count: livestreams.size, ...totals(sessions) });
}

/** `get-livestream-analytics-daywise`: one entry per UTC day with sessions, oldest first; `count` counts sessions. */
export function analyticsDaywise({ query, app }: OperationContext): Reply {
  const byDay = new Map<string, LivestreamSessionRecord[]>();
  for (const session of sessionsInRange(app.sessions(), query)) {
    const day = new Date(sessionTime(session)).toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), session]);
  }
  const days = [...byDay].sort(([a], [b]) => a.localeCompare(b));
  return success(200, days.map(([date, sessions]) => ({ count: sessions.length, date, ...totals(sessions) })));
}

function sessionTime(session: LivestreamSessionRecord): number {
  return Date.parse(session.started_time ?? session.created_at);
}

function sessionsInRange(sessions: LivestreamSessionRecord[], query: URLSearchParams): LivestreamSessionRecord[] {
  const from = (integer(query, "start_time") ?? -Infinity) * 1000;
  const to = (integer(query, "end_time") ?? Infinity) * 1000;
  return sessions.filter((session) => sessionTime(session) >= from && sessionTime(session) <= to);
}

/** Sums of the sessions' seconds, rounded: the spec types the totals as integers. */
function totals(sessions: LivestreamSessionRecord[]) {
  const sum = (pick: (session: LivestreamSessionRecord) => number) => Math.round(sessions.reduce((total, s) => total + pick(s), 0));
  return {
    total_ingest_seconds: sum((session) => session.ingest_seconds),
    total_viewer_seconds: sum((session) => session.viewer_seconds),
  };
}
