/** The operations on livestreams themselves (endpoints 1-3 of shared/reference/realtimekit-api.md §1). */
import { apiError, success, type Reply } from "./envelope";
import { boolean, isoTime, jsonObject, livestreamName, oneOf } from "./input";
import type { OperationContext } from "./operation";
import { LIVESTREAM_STATUSES } from "../store/records";
import { listItemView, livestreamView, createdView, pageOf, sessionView } from "./views";

/** `create_livestream`: 201 with the new livestream, status INVOKED, no timestamps (as in the spec). */
export function createLivestream({ body, app, now, customerCode }: OperationContext): Reply {
  const name = livestreamName(jsonObject(body));
  return success(201, createdView(app.create(customerCode, now, { name })));
}

/**
 * `fetch_all_livestreams`: `data` is an array with a top-level `paging`, as the spec's example shows (its schema says
 * one object). `start_time`/`end_time` bound `created_at` inclusively (the emulator's clock stamped it);
 * `sort_order` defaults to DSC (newest first), like the apps list; meeting livestreams are included unless
 * `exclude_meetings=true`. Items carry `name` as the `listNames` setting says.
 */
export function listLivestreams({ query, app, settings }: OperationContext): Reply {
  const status = oneOf(query, "status", LIVESTREAM_STATUSES);
  const from = isoTime(query, "start_time") ?? -Infinity;
  const to = isoTime(query, "end_time") ?? Infinity;
  const excludeMeetings = boolean(query, "exclude_meetings", false);
  const order = oneOf(query, "sort_order", ["ASC", "DSC"] as const) ?? "DSC";
  const chosen = app
    .oldestFirst()
    .filter(({ record, at }) => (status === undefined || record.status === status) && (!excludeMeetings || record.meeting_id === null) && at >= from && at <= to)
    .map(({ record }) => record);
  if (order === "DSC") chosen.reverse();
  const { items, paging } = pageOf(chosen, query, settings);
  return success(200, items.map((record) => listItemView(record, settings.listNames)), paging);
}

/** `get-v2-livestream-session-livestream-id`: the livestream and a page of its sessions, shaped as the example. */
export function getLivestream({ params, query, app, settings }: OperationContext): Reply {
  const record = app.get(params.livestream_id);
  if (!record) return livestreamNotFound(params.livestream_id);
  // Its own sessions alone: gathering the app's first would cost each read the whole app (a benchmark reads 10,000).
  const sessions = app.sessionsOf(record.id);
  const { items, paging } = pageOf(sessions, query, settings);
  return success(200, { livestream: livestreamView(record), sessions: items.map(sessionView) }, paging);
}

/** RealtimeKit's 404 for a livestream this app cannot see, whether it exists elsewhere or not at all. */
export function livestreamNotFound(id: string): Reply {
  return apiError(404, `Livestream ${id} not found.`);
}
