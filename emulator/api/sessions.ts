/**
 * The operations on livestream sessions (endpoints 4, 5 and 6 of shared/reference/realtimekit-api.md §1): one
 * broadcast of a livestream, looked up by the livestream, by its own id, or by the meeting session it belongs to.
 */
import { apiError, success, type Reply } from "./envelope";
import { livestreamNotFound } from "./livestreams";
import type { OperationContext } from "./operation";
import { livestreamView, pageOf, sessionView } from "./views";

/** `get-v2-active-livestream-session-details`: the livestream and its newest session that has not stopped. */
export function activeSession({ params, app }: OperationContext): Reply {
  const record = app.get(params.livestream_id);
  if (!record) return livestreamNotFound(params.livestream_id);
  const session = app
    .sessions()
    .filter((candidate) => candidate.livestream_id === record.id && candidate.stopped_time === null)
    .at(-1);
  if (!session) return apiError(404, `No active livestream session for livestream ${record.id}.`);
  return success(200, { livestream: livestreamView(record), session: sessionView(session) });
}

/** `get-v2-livestreams-livestream-session-id`: one livestream session by its id. */
export function getSession({ params, app }: OperationContext): Reply {
  const id = params["livestream-session-id"];
  const session = app.getSession(id);
  if (!session) return apiError(404, `Livestream session ${id} not found.`);
  return success(200, sessionView(session));
}

/**
 * `get-v2-livestreamsession-session-meetingId-active-livestream`: the livestream sessions of one meeting session,
 * shaped as the spec's example (`data: {data: [...], paging}`, no top-level paging).
 */
export function sessionLivestreamSessions({ params, query, app, settings }: OperationContext): Reply {
  const sessions = app.sessions().filter((session) => session.session_id === params.session_id);
  if (sessions.length === 0) return apiError(404, `No livestream sessions for session ${params.session_id}.`);
  const { items, paging } = pageOf(sessions, query, settings);
  return success(200, { data: items.map(sessionView), paging });
}
