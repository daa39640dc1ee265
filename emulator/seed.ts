/**
 * Turning control-plane bodies into records. Seeds start from what the API itself would mint and override any field
 * given; out-of-band changes may set any field but the id. Fields are type-checked and unknown fields are rejected,
 * so a typo in a test fails loudly; values are otherwise free (a seeded name need not match the API's pattern).
 */
import { BadRequest } from "./input";
import {
  LIVESTREAM_STATUSES,
  newLivestream,
  newSession,
  type LivestreamRecord,
  type LivestreamSessionRecord,
} from "./records";
import type { LivestreamPatch, LivestreamStore } from "./store";

type FieldType = "string" | "string|null" | "time" | "time|null" | "boolean" | "number" | "status";

const LIVESTREAM_FIELDS: Record<keyof LivestreamRecord, FieldType> = {
  id: "string",
  name: "string|null",
  meeting_id: "string|null",
  disabled: "boolean",
  ingest_server: "string",
  playback_url: "string",
  status: "status",
  stream_key: "string",
  created_at: "time",
  updated_at: "time",
};

const SESSION_FIELDS: Record<keyof LivestreamSessionRecord, FieldType> = {
  id: "string",
  livestream_id: "string",
  session_id: "string|null",
  created_at: "time",
  updated_at: "time",
  started_time: "time|null",
  stopped_time: "time|null",
  invoked_time: "time|null",
  err_message: "string|null",
  ingest_seconds: "number",
  viewer_seconds: "number",
};

/** A livestream to store: a freshly minted one with the body's fields laid over it. */
export function seedLivestream(body: unknown, customerCode: string): LivestreamRecord {
  return { ...newLivestream(customerCode), ...fields<LivestreamRecord>(body, LIVESTREAM_FIELDS) };
}

/** An out-of-band change; `updated_at` becomes now unless the body sets it. */
export function livestreamPatch(body: unknown): LivestreamPatch {
  const { id: _immutable, ...allowed } = LIVESTREAM_FIELDS;
  return { updated_at: new Date().toISOString(), ...fields<LivestreamPatch>(body, allowed) };
}

/** A session of an existing livestream (`livestream_id` is required): a running session with the body laid over it. */
export function seedSession(body: unknown, store: LivestreamStore): LivestreamSessionRecord {
  const given = fields<LivestreamSessionRecord>(body, SESSION_FIELDS);
  if (given.livestream_id === undefined || !store.get(given.livestream_id)) {
    throw new BadRequest(`"livestream_id" must name a stored livestream.`);
  }
  return { ...newSession(given.livestream_id), ...given };
}

function fields<T>(body: unknown, table: Partial<Record<string, FieldType>>): Partial<T> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new BadRequest("The body must be a JSON object.");
  for (const [key, value] of Object.entries(body)) {
    const type = table[key];
    if (type === undefined) throw new BadRequest(`Field "${key}" is not accepted here.`);
    if (!fits(value, type)) throw new BadRequest(`Field "${key}" must be ${describe(type)}.`);
  }
  return body as Partial<T>;
}

function fits(value: unknown, type: FieldType): boolean {
  if (value === null) return type.endsWith("|null");
  switch (type) {
    case "string":
    case "string|null":
      return typeof value === "string";
    case "time":
    case "time|null":
      return typeof value === "string" && !Number.isNaN(Date.parse(value));
    case "boolean":
      return typeof value === "boolean";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "status":
      return (LIVESTREAM_STATUSES as readonly unknown[]).includes(value);
  }
}

function describe(type: FieldType): string {
  const base = type.replace("|null", "");
  const described = base === "time" ? "an ISO 8601 time" : base === "status" ? `one of ${LIVESTREAM_STATUSES.join(", ")}` : `a ${base}`;
  return type.endsWith("|null") ? `${described} or null` : described;
}
