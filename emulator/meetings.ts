/**
 * The operations on meetings and meeting sessions (endpoints 6-10 of shared/reference/realtimekit-api.md §1).
 * Meetings themselves are not emulated: any UUID is a meeting, and a meeting's livestreams are the stored livestreams
 * whose `meeting_id` is that UUID (created by `start-livestreaming` or seeded through the control plane).
 */
import { apiError, success, type Reply } from "./envelope";
import { jsonObject, livestreamName, videoConfig } from "./input";
import { newLivestream, UUID_PATTERN, type LivestreamRecord } from "./records";
import type { OperationContext } from "./routes";
import type { LivestreamStore } from "./store";
import { livestreamView, pageOf, sessionView, startedView } from "./views";

/** Statuses of a livestream that is still on: started (INVOKED) or receiving video (LIVE). */
const ACTIVE = new Set(["INVOKED", "LIVE"]);

/**
 * `get-v2-livestreamsession-session-meetingId-active-livestream`: the livestream sessions of one meeting session,
 * shaped as the spec's example (`data: {data: [...], paging}`, no top-level paging).
 */
export function sessionLivestreamSessions({ params, query, store }: OperationContext): Reply {
  const sessions = store.sessions().filter((session) => session.session_id === params.session_id);
  if (sessions.length === 0) return apiError(404, `No livestream sessions for session ${params.session_id}.`);
  const { items, paging } = pageOf(sessions, query);
  return success(200, { data: items.map(sessionView), paging });
}

/** `get-v2-meetings-meetingId-active-livestream`: the meeting's newest livestream that is INVOKED or LIVE. */
export function meetingActiveLivestream({ params, store }: OperationContext): Reply {
  const active = activeLivestream(store, params.meeting_id);
  if (!active) return noActiveLivestream(params.meeting_id);
  return success(200, livestreamView(active));
}

/**
 * `livestream-session-details`: the meeting's newest livestream and a page of its sessions, shaped as the spec's
 * example (the same shape as getting a livestream); the schema's `livestreams` array is not sent.
 */
export function meetingLivestream({ params, query, store }: OperationContext): Reply {
  const livestream = newest(store.list().filter((record) => record.meeting_id === params.meeting_id));
  if (!livestream) return apiError(404, `No livestream found for meeting ${params.meeting_id}.`);
  const sessions = store.sessions().filter((session) => session.livestream_id === livestream.id);
  const { items, paging } = pageOf(sessions, query);
  return success(200, { livestream: livestreamView(livestream), sessions: items.map(sessionView) }, paging);
}

/** `start-livestreaming`: 201 with a new livestream of the meeting, status INVOKED. The meeting id must be a UUID. */
export function startLivestreaming({ params, body, store, customerCode }: OperationContext): Reply {
  if (!UUID_PATTERN.test(params.meeting_id)) return apiError(404, `Meeting ${params.meeting_id} not found.`);
  const fields = jsonObject(body);
  videoConfig(fields);
  const record = newLivestream(customerCode, { name: livestreamName(fields), meeting_id: params.meeting_id });
  return success(201, startedView(store.create(record)));
}

/** `stop_livestreaming`: the active livestream becomes IDLE and its running sessions stop. Any body is ignored. */
export function stopLivestreaming({ params, store }: OperationContext): Reply {
  const active = activeLivestream(store, params.meeting_id);
  if (!active) return noActiveLivestream(params.meeting_id);
  const now = new Date().toISOString();
  store.update(active.id, { status: "IDLE", updated_at: now });
  for (const session of store.sessions()) {
    if (session.livestream_id === active.id && session.stopped_time === null) {
      store.updateSession(session.id, { stopped_time: now, updated_at: now });
    }
  }
  return success(200, { message: "Stopped live stream successfully" });
}

function activeLivestream(store: LivestreamStore, meetingId: string): LivestreamRecord | undefined {
  return newest(store.list().filter((record) => record.meeting_id === meetingId && ACTIVE.has(record.status)));
}

/** The most recently created record; the later-stored one wins a tie. */
function newest(records: LivestreamRecord[]): LivestreamRecord | undefined {
  return records.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at)).at(-1);
}

function noActiveLivestream(meetingId: string): Reply {
  return apiError(404, `No active livestream for meeting ${meetingId}.`);
}
