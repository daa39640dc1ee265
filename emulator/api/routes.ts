/**
 * The route table: the real Cloudflare paths of the RealtimeKit livestream API, each named by its operationId in the
 * spec, and the routing errors Cloudflare's gateway answers before an operation runs.
 */
import { ACCOUNT_ID_PATTERN, UUID_PATTERN, type Scope } from "../store/records";
import { analyticsDaywise, analyticsOverall } from "./analytics";
import { gatewayError, type Reply } from "./envelope";
import { createLivestream, getLivestream, listLivestreams } from "./livestreams";
import { meetingActiveLivestream, meetingLivestream, startLivestreaming, stopLivestreaming } from "./meetings";
import type { Operation } from "./operation";
import { activeSession, getSession, sessionLivestreamSessions } from "./sessions";

interface Route {
  method: "GET" | "POST";
  /** Path after `/client/v4/accounts/{account_id}/realtime/kit/{app_id}`; `{name}` matches one segment. */
  path: string;
  operation: string;
  handle: Operation;
}

/**
 * Literal segments win over parameters only by order, so `/livestreams/sessions/{...}` comes before
 * `/livestreams/{livestream_id}/...`. The removed disable/enable/reset-stream-key routes are deliberately absent.
 */
export const ROUTES = [
  { method: "POST", path: "/livestreams", operation: "create_livestream", handle: createLivestream },
  { method: "GET", path: "/livestreams", operation: "fetch_all_livestreams", handle: listLivestreams },
  {
    method: "GET",
    path: "/livestreams/sessions/{livestream-session-id}",
    operation: "get-v2-livestreams-livestream-session-id",
    handle: getSession,
  },
  { method: "GET", path: "/livestreams/{livestream_id}", operation: "get-v2-livestream-session-livestream-id", handle: getLivestream },
  {
    method: "GET",
    path: "/livestreams/{livestream_id}/active-livestream-session",
    operation: "get-v2-active-livestream-session-details",
    handle: activeSession,
  },
  {
    method: "GET",
    path: "/sessions/{session_id}/livestream-sessions",
    operation: "get-v2-livestreamsession-session-meetingId-active-livestream",
    handle: sessionLivestreamSessions,
  },
  {
    method: "GET",
    path: "/meetings/{meeting_id}/active-livestream",
    operation: "get-v2-meetings-meetingId-active-livestream",
    handle: meetingActiveLivestream,
  },
  { method: "GET", path: "/meetings/{meeting_id}/livestream", operation: "livestream-session-details", handle: meetingLivestream },
  { method: "POST", path: "/meetings/{meeting_id}/livestreams", operation: "start-livestreaming", handle: startLivestreaming },
  { method: "POST", path: "/meetings/{meeting_id}/active-livestream/stop", operation: "stop_livestreaming", handle: stopLivestreaming },
  { method: "GET", path: "/analytics/livestreams/overall", operation: "get-livestream-analytics-complete", handle: analyticsOverall },
  { method: "GET", path: "/analytics/livestreams/daywise", operation: "get-livestream-analytics-daywise", handle: analyticsDaywise },
] as const satisfies readonly Route[];

/** The spec's operationIds, the names faults and the request log use. */
export type OperationId = (typeof ROUTES)[number]["operation"];
export const OPERATION_IDS: readonly OperationId[] = ROUTES.map((route) => route.operation);

const PREFIX = /^\/client\/v4\/accounts\/([^/]+)\/realtime\/kit\/([^/]+)(\/.*)$/;

/** A request's operation, the account and app of its path, and its other path parameters. */
export interface RouteMatch {
  route: (typeof ROUTES)[number];
  scope: Scope;
  params: Record<string, string>;
}

/**
 * Finds the operation for a request, or the gateway's answer when there is none: 404 code 7000 for a path or method
 * no route has (including DELETE/PUT/PATCH on livestreams), then 404 code 7003 when the account id is not 32 lowercase
 * hex characters or the app id is not a UUID. Routing comes before authentication, as at Cloudflare's edge.
 */
export function resolve(method: string, pathname: string): RouteMatch | { error: Reply } {
  const prefix = PREFIX.exec(pathname);
  const rest = prefix?.[3];
  const found = rest === undefined ? undefined : match(method, rest);
  if (!prefix || !found) return { error: gatewayError(404, { code: 7000, message: "No route for that URI" }) };
  const [, accountId, appId] = prefix;
  if (!ACCOUNT_ID_PATTERN.test(accountId) || !UUID_PATTERN.test(appId)) {
    const message = `Could not route to ${pathname}, perhaps your object identifier is invalid?`;
    return { error: gatewayError(404, { code: 7003, message }) };
  }
  return { ...found, scope: { account_id: accountId, app_id: appId.toLowerCase() } };
}

function match(method: string, rest: string): Omit<RouteMatch, "scope"> | undefined {
  const segments = rest.split("/").slice(1);
  for (const route of ROUTES) {
    const pattern = route.path.split("/").slice(1);
    if (route.method !== method || pattern.length !== segments.length) continue;
    const matches = pattern.every((part, i) => (part.startsWith("{") ? segments[i] !== "" : part === segments[i]));
    if (!matches) continue;
    const params = pattern.flatMap((part, i) => (part.startsWith("{") ? [[part.slice(1, -1), segments[i]]] : []));
    return { route, params: Object.fromEntries(params) };
  }
  return undefined;
}
