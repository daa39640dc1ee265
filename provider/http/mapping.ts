/**
 * The one place that knows the API's shapes: it turns RealtimeKit response bodies into our types and
 * tolerates the drift the reference documents (list `data` as an array or an object, `disabled` as a
 * boolean or a string, null `name`/`meeting_id`, fields missing on some endpoints).
 */
import { InvalidResponseError } from "./errors";
import { LivestreamFacts, LivestreamSession, LivestreamSummary } from "../types";

type Json = Record<string, unknown>;

/** A page of livestreams and the total the server reports. */
export interface LivestreamPage {
  livestreams: LivestreamSummary[];
  totalCount?: number;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `data` of a `{success: true, data}` body; anything else is not a RealtimeKit success. */
export function unwrap(body: unknown, operation: string): unknown {
  if (!isObject(body) || body.success !== true || !("data" in body)) {
    throw new InvalidResponseError("Cloudflare answered without the expected {success: true, data} body", { operation });
  }
  return body.data;
}

/**
 * Maps one API livestream to our facts. `previous` fills fields a GET may leave out (the stream key
 * and ingest server are only promised by create), so refresh never loses them.
 */
export function toFacts(raw: unknown, operation: string, previous?: Partial<LivestreamFacts>): LivestreamFacts {
  const fail = (field: string, what: string) =>
    new InvalidResponseError(`Cloudflare's livestream has ${what} '${field}'`, { operation });
  if (!isObject(raw)) throw new InvalidResponseError("Cloudflare's response holds no livestream object", { operation });
  const text = (field: string, fallback?: string): string => {
    const value = raw[field] ?? fallback;
    if (value === undefined) throw fail(field, "no");
    if (typeof value !== "string" || value.length === 0) throw fail(field, "an invalid");
    return value;
  };
  const optional = (field: string): string | undefined => {
    const value = raw[field];
    if (value === null || value === undefined) return undefined;
    if (typeof value !== "string") throw fail(field, "an invalid");
    return value;
  };
  return withoutUndefined({
    livestreamId: text("id"),
    name: optional("name") ?? "",
    ingestServer: text("ingest_server", previous?.ingestServer),
    streamKey: text("stream_key", previous?.streamKey),
    playbackUrl: text("playback_url", previous?.playbackUrl),
    status: text("status", previous?.status),
    disabled: toBoolean(raw.disabled, fail),
    meetingId: optional("meeting_id"),
  });
}

/** Pulumi cannot store `undefined` (the provider host fails with "Unexpected struct type"): absent means absent. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function toBoolean(value: unknown, fail: (field: string, what: string) => Error): boolean {
  if (value === undefined || value === null || value === false || value === "false") return false;
  if (value === true || value === "true") return true;
  throw fail("disabled", "an invalid");
}

/** The livestream of a GET by id: `data.livestream` (spec example) or `data` itself (docs guide). */
export function livestreamOfGet(data: unknown): unknown {
  return isObject(data) && isObject(data.livestream) ? data.livestream : data;
}

/** A list answer: `data` as an array with top-level `paging` (spec example) or one object (spec schema). */
export function toPage(body: unknown, operation: string): LivestreamPage {
  const data = unwrap(body, operation);
  const items = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.livestreams) ? data.livestreams : isObject(data) && "id" in data ? [data] : [];
  return { livestreams: items.map((item) => toSummary(item, operation)), totalCount: totalCountOf(body) };
}

/** `paging.total_count`, at the top level (spec examples) or inside `data` (spec schemas). */
export function totalCountOf(body: unknown): number | undefined {
  const data = isObject(body) ? body.data : undefined;
  const paging = isObject(body) && isObject(body.paging) ? body.paging : isObject(data) && isObject(data.paging) ? data.paging : {};
  return typeof paging.total_count === "number" ? paging.total_count : undefined;
}

function toSummary(raw: unknown, operation: string): LivestreamSummary {
  const item = isObject(raw) ? raw : {};
  if (typeof item.id !== "string" || item.id.length === 0) {
    throw new InvalidResponseError("Cloudflare's list holds a livestream with no 'id'", { operation });
  }
  const text = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  // A creation time that is not a time tells as little as none: both mean "when, Cloudflare did not say".
  const createdAt = text(item.created_at);
  const dated = createdAt !== undefined && !Number.isNaN(Date.parse(createdAt));
  return withoutUndefined({ livestreamId: item.id, name: text(item.name), status: text(item.status) ?? "", createdAt: dated ? createdAt : undefined });
}

/** The sessions of a GET by id: `data.sessions` (spec example); none when absent. */
export function sessionsOfGet(data: unknown, operation: string): LivestreamSession[] {
  const sessions = isObject(data) && Array.isArray(data.sessions) ? data.sessions : [];
  return sessions.map((session) => toSession(session, operation));
}

/** One livestream session; the seconds arrive as integers, numbers or strings depending on the endpoint. */
export function toSession(raw: unknown, operation: string): LivestreamSession {
  if (!isObject(raw) || typeof raw.id !== "string") throw new InvalidResponseError("Cloudflare's livestream session has no 'id'", { operation });
  const seconds = (field: string): number => {
    const value = Number(raw[field] ?? 0);
    if (!Number.isFinite(value)) throw new InvalidResponseError(`Cloudflare's livestream session has an invalid '${field}'`, { operation });
    return value;
  };
  const text = (field: string) => (typeof raw[field] === "string" ? (raw[field] as string) : undefined);
  return withoutUndefined({
    sessionId: raw.id,
    startedTime: text("started_time"),
    stoppedTime: text("stopped_time"),
    ingestSeconds: seconds("ingest_seconds"),
    viewerSeconds: seconds("viewer_seconds"),
    errorMessage: text("err_message"),
  });
}
