/**
 * The operations on a meeting's livestreams (endpoints 7 to 10 of shared/reference/realtimekit-api.md §1).
 * Meetings themselves are not emulated: any UUID is a meeting, and a meeting's livestreams are the app's stored
 * livestreams whose `meeting_id` is that UUID (created by `start-livestreaming` or seeded through the control plane).
 */
import type { LivestreamRecord } from "../store/records";
import { UUID_PATTERN } from "../store/records";
import type { AppStore } from "./app-store";
import { apiError, success, type Reply } from "./envelope";
import { jsonObject, livestreamName, videoConfig } from "./input";
import type { OperationContext } from "./operation";
import { livestreamView, pageOf, sessionView, startedView } from "./views";

/** Statuses of a livestream that is still on: started (INVOKED) or receiving video (LIVE). */
const ACTIVE = new Set(["INVOKED", "LIVE"]);

/** `get-v2-meetings-meetingId-active-livestream`: the meeting's newest livestream that is INVOKED or LIVE. */
export function meetingActiveLivestream({ params, app }: OperationContext): Reply {
  const active = activeLivestream(app, params.meeting_id);
  if (!active) return noActiveLivestream(params.meeting_id);
  return success(200, livestreamView(active));
}

/**
 * `livestream-session-details`: the meeting's newest livestream and a page of its sessions, shaped as the spec's
 * example (the same shape as getting a livestream); the schema's `livestreams` array is not sent.
 */
export function meetingLivestream({ params, query, app, settings }: OperationContext): Reply {
  const livestream = newest(app.list().filter((record) => record.meeting_id === params.meeting_id));
  if (!livestream) return apiError(404, `No livestream found for meeting ${params.meeting_id}.`);
  const sessions = app.sessions().filter((session) => session.livestream_id === livestream.id);
  const { items, paging } = pageOf(sessions, query, settings);
  return success(200, { livestream: livestreamView(livestream), sessions: items.map(sessionView) }, paging);
}

/** `start-livestreaming`: 201 with a new livestream of the meeting, status INVOKED. The meeting id must be a UUID. */
export function startLivestreaming({ params, body, app, now, customerCode }: OperationContext): Reply {
  if (!UUID_PATTERN.test(params.meeting_id)) return apiError(404, `Meeting ${params.meeting_id} not found.`);
  const fields = jsonObject(body);
  videoConfig(fields);
  const record = app.create(customerCode, now, { name: livestreamName(fields), meeting_id: params.meeting_id });
  return success(201, startedView(record));
}

/** `stop_livestreaming`: the active livestream becomes IDLE and its running sessions stop. Any body is ignored. */
export function stopLivestreaming({ params, app, now }: OperationContext): Reply {
  const active = activeLivestream(app, params.meeting_id);
  if (!active) return noActiveLivestream(params.meeting_id);
  const at = now.toISOString();
  app.update(active.id, { status: "IDLE", updated_at: at });
  for (const session of app.sessions()) {
    if (session.livestream_id === active.id && session.stopped_time === null) {
      app.updateSession(session.id, { stopped_time: at, updated_at: at });
    }
  }
  return success(200, { message: "Stopped live stream successfully" });
}

function activeLivestream(app: AppStore, meetingId: string): LivestreamRecord | undefined {
  return newest(app.list().filter((record) => record.meeting_id === meetingId && ACTIVE.has(record.status)));
}

/** The most recently created record; the later-stored one wins a tie. */
function newest(records: LivestreamRecord[]): LivestreamRecord | undefined {
  return records.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at)).at(-1);
}

function noActiveLivestream(meetingId: string): Reply {
  return apiError(404, `No active livestream for meeting ${meetingId}.`);
}
