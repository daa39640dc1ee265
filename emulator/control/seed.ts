/**
 * Turning control-plane bodies into records. Seeds start from what the API itself would mint (in the default account
 * and app, at the emulator's clock) and override any field given; out-of-band changes may set any field but the id,
 * account and app. Fields are type-checked and unknown fields are rejected, so a typo in a test fails loudly; values are
 * otherwise free (a seeded name need not match the API's pattern), but ids of accounts and apps must be ones the API
 * can route to.
 */
import { BadRequest } from "../api/input";
import {
  ACCOUNT_ID_PATTERN,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_APP_ID,
  LIVESTREAM_STATUSES,
  newLivestream,
  newSession,
  UUID_PATTERN,
  type LivestreamRecord,
  type LivestreamSessionRecord,
} from "../store/records";
import type { LivestreamPatch, LivestreamStore } from "../store/store";

type FieldType = "string" | "string|null" | "time" | "time|null" | "boolean" | "number" | "status" | "account" | "app";

const LIVESTREAM_FIELDS: Record<keyof LivestreamRecord, FieldType> = {
  id: "string",
  account_id: "account",
  app_id: "app",
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

/**
 * A livestream to store: one minted at `now` in the default account and app, with the body's fields laid over it.
 * A seed given only `created_at` (say, in the past) was last updated then too.
 */
export function seedLivestream(body: unknown, customerCode: string, now: Date): LivestreamRecord {
  const given = fields<LivestreamRecord>(body, LIVESTREAM_FIELDS);
  const scope = { account_id: given.account_id ?? DEFAULT_ACCOUNT_ID, app_id: given.app_id ?? DEFAULT_APP_ID };
  const minted = newLivestream(customerCode, scope, now);
  const updated_at = given.updated_at ?? given.created_at ?? minted.updated_at;
  return { ...minted, ...given, app_id: minted.app_id, updated_at };
}

/** An out-of-band change; `updated_at` becomes `now` unless the body sets it. */
export function livestreamPatch(body: unknown, now: Date): LivestreamPatch {
  const { id: _id, account_id: _account, app_id: _app, ...allowed } = LIVESTREAM_FIELDS;
  return { updated_at: now.toISOString(), ...fields<LivestreamPatch>(body, allowed) };
}

/** A session of a stored livestream (`livestream_id` is required): one running since `now`, with the body laid over it. */
export function seedSession(body: unknown, store: LivestreamStore, now: Date): LivestreamSessionRecord {
  const given = fields<LivestreamSessionRecord>(body, SESSION_FIELDS);
  if (given.livestream_id === undefined || !store.get(given.livestream_id)) {
    throw new BadRequest(`"livestream_id" must name a stored livestream.`);
  }
  return { ...newSession(given.livestream_id, now), ...given };
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
    case "account":
      return typeof value === "string" && ACCOUNT_ID_PATTERN.test(value);
    case "app":
      return typeof value === "string" && UUID_PATTERN.test(value);
  }
}

const DESCRIPTIONS: Record<string, string> = {
  time: "an ISO 8601 time",
  status: `one of ${LIVESTREAM_STATUSES.join(", ")}`,
  account: "32 lowercase hex characters (an account id)",
  app: "a UUID (an app id)",
};

function describe(type: FieldType): string {
  const base = type.replace("|null", "");
  const described = DESCRIPTIONS[base] ?? `a ${base}`;
  return type.endsWith("|null") ? `${described} or null` : described;
}
