/** The records the emulator stores, and how the API mints new ones. */
import { randomBytes, randomUUID } from "node:crypto";

/** The statuses the spec enumerates for a livestream (`LIVE|IDLE|ERRORED|INVOKED`). */
export const LIVESTREAM_STATUSES = ["LIVE", "IDLE", "ERRORED", "INVOKED"] as const;
export type LivestreamStatus = (typeof LIVESTREAM_STATUSES)[number];

/** The account id of Cloudflare's API reference examples; seeds and older state files without one belong to it. */
export const DEFAULT_ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";
/** The app id of Cloudflare's API reference examples; seeds and older state files without one belong to it. */
export const DEFAULT_APP_ID = "14a396e7-ca44-4937-bf1f-050a69118543";

/** Account ids as Cloudflare routes them: 32 lowercase hex characters. */
export const ACCOUNT_ID_PATTERN = /^[0-9a-f]{32}$/;
/** Any UUID, any version or case: the shape of app, meeting and livestream ids. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The account and app a livestream belongs to; the API shows it only through the path it is reached by. */
export interface Scope {
  account_id: string;
  /** Lower case: UUIDs name the same app in any case. */
  app_id: string;
}

/** A stored livestream: its scope and the fields the API shows. `meeting_id` is null for an independent livestream. */
export interface LivestreamRecord extends Scope {
  id: string;
  name: string | null;
  meeting_id: string | null;
  disabled: boolean;
  ingest_server: string;
  playback_url: string;
  status: LivestreamStatus;
  /** The RTMPS key; a secret, so it never reaches the request log. */
  stream_key: string;
  created_at: string;
  updated_at: string;
}

/**
 * A stored livestream session (one broadcast of a livestream); it belongs to its livestream's account and app.
 * `session_id` is the meeting session it belongs to, which `GET /sessions/{session_id}/livestream-sessions` looks up;
 * the API never shows it as a field.
 */
export interface LivestreamSessionRecord {
  id: string;
  livestream_id: string;
  session_id: string | null;
  created_at: string;
  updated_at: string;
  started_time: string | null;
  stopped_time: string | null;
  invoked_time: string | null;
  err_message: string | null;
  ingest_seconds: number;
  viewer_seconds: number;
}

/** The ingest server every example in the spec shows. */
const INGEST_SERVER = "rtmps://live.cloudflare.com:443/live/";

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/**
 * The `customer-<code>` subdomain of Stream playback URLs: 16 lowercase alphanumerics, like the spec's
 * `s8oj0c1n5ek8ah1e`. Real accounts have one code; the emulator picks one per instance.
 */
export function newCustomerCode(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * A stream key shaped like a Cloudflare Stream RTMPS key: 32 hex characters, `k`, 32 hex characters (65 in all, the
 * length of the spec's redacted example). The shape is a plausible choice, not documented by Cloudflare.
 */
function newStreamKey(): string {
  return `${hex(16)}k${hex(16)}`;
}

/** A fresh livestream of `scope` as the API creates it at `at`: status INVOKED, not disabled, new id, key and URL. */
export function newLivestream(
  customerCode: string,
  scope: Scope,
  at: Date,
  fields: { name?: string | null; meeting_id?: string | null } = {},
): LivestreamRecord {
  const time = at.toISOString();
  return {
    id: randomUUID(),
    account_id: scope.account_id,
    app_id: scope.app_id.toLowerCase(),
    name: fields.name ?? null,
    meeting_id: fields.meeting_id ?? null,
    disabled: false,
    ingest_server: INGEST_SERVER,
    playback_url: `https://customer-${customerCode}.cloudflarestream.com/${hex(16)}/manifest/video.m3u8`,
    status: "INVOKED",
    stream_key: newStreamKey(),
    created_at: time,
    updated_at: time,
  };
}

/** A livestream session that started at `at` and is still running, with the spec example's null fields. */
export function newSession(livestreamId: string, at: Date): LivestreamSessionRecord {
  const time = at.toISOString();
  return {
    id: randomUUID(),
    livestream_id: livestreamId,
    session_id: null,
    created_at: time,
    updated_at: time,
    started_time: time,
    stopped_time: null,
    invoked_time: null,
    err_message: null,
    ingest_seconds: 0,
    viewer_seconds: 0,
  };
}
