/** The operations on livestreams and their sessions (endpoints 1-5 of shared/reference/realtimekit-api.md §1). */
import { apiError, success, type Reply } from "./envelope";
import { boolean, isoTime, jsonObject, livestreamName, oneOf } from "./input";
import { LIVESTREAM_STATUSES, newLivestream } from "./records";
import type { OperationContext } from "./routes";
import type { LivestreamStore } from "./store";
import { createdView, livestreamView, pageOf, sessionView } from "./views";

/** `create_livestream`: 201 with the new livestream, status INVOKED, no timestamps (as in the spec). */
export function createLivestream({ body, store, customerCode }: OperationContext): Reply {
  const name = livestreamName(jsonObject(body));
  return success(201, createdView(store.create(newLivestream(customerCode, { name }))));
}

/**
 * `fetch_all_livestreams`: `data` is an array with a top-level `paging`, as the spec's example shows (its schema says
 * one object). `start_time`/`end_time` bound `created_at` inclusively; `sort_order` defaults to DSC (newest first),
 * like the apps list; meeting livestreams are included unless `exclude_meetings=true`.
 */
export function listLivestreams({ query, store }: OperationContext): Reply {
  const status = oneOf(query, "status", LIVESTREAM_STATUSES);
  const from = isoTime(query, "start_time") ?? -Infinity;
  const to = isoTime(query, "end_time") ?? Infinity;
  const excludeMeetings = boolean(query, "exclude_meetings", false);
  const order = oneOf(query, "sort_order", ["ASC", "DSC"] as const) ?? "DSC";
  const chosen = store
    .list()
    .filter((record) => status === undefined || record.status === status)
    .filter((record) => !excludeMeetings || record.meeting_id === null)
    .filter((record) => Date.parse(record.created_at) >= from && Date.parse(record.created_at) <= to)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  if (order === "DSC") chosen.reverse();
  const { items, paging } = pageOf(chosen, query);
  return success(200, items.map(livestreamView), paging);
}

/** `get-v2-livestream-session-livestream-id`: the livestream and a page of its sessions, shaped as the example. */
export function getLivestream({ params, query, store }: OperationContext): Reply {
  const record = store.get(params.livestream_id);
  if (!record) return livestreamNotFound(params.livestream_id);
  const { items, paging } = pageOf(sessionsOf(store, record.id), query);
  return success(200, { livestream: livestreamView(record), sessions: items.map(sessionView) }, paging);
}

/** `get-v2-active-livestream-session-details`: the livestream and its newest session that has not stopped. */
export function activeSession({ params, store }: OperationContext): Reply {
  const record = store.get(params.livestream_id);
  if (!record) return livestreamNotFound(params.livestream_id);
  const session = sessionsOf(store, record.id).filter((candidate) => candidate.stopped_time === null).at(-1);
  if (!session) return apiError(404, `No active livestream session for livestream ${record.id}.`);
  return success(200, { livestream: livestreamView(record), session: sessionView(session) });
}

/** `get-v2-livestreams-livestream-session-id`: one livestream session by its id. */
export function getSession({ params, store }: OperationContext): Reply {
  const id = params["livestream-session-id"];
  const session = store.getSession(id);
  if (!session) return apiError(404, `Livestream session ${id} not found.`);
  return success(200, sessionView(session));
}

function sessionsOf(store: LivestreamStore, livestreamId: string) {
  return store.sessions().filter((session) => session.livestream_id === livestreamId);
}

function livestreamNotFound(id: string): Reply {
  return apiError(404, `Livestream ${id} not found.`);
}
