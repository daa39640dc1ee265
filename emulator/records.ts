import { randomBytes, randomUUID } from "node:crypto";

/** The statuses the spec enumerates for a livestream (`LIVE|IDLE|ERRORED|INVOKED`). */
export const LIVESTREAM_STATUSES = ["LIVE", "IDLE", "ERRORED", "INVOKED"] as const;
export type LivestreamStatus = (typeof LIVESTREAM_STATUSES)[number];

/** A stored livestream: the fields the API shows, nothing else. `meeting_id` is null for an independent livestream. */
export interface LivestreamRecord {
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
 * A stored livestream session (one broadcast of a livestream). `session_id` is the meeting session it belongs to,
 * which `GET /sessions/{session_id}/livestream-sessions` looks up; the API never shows it as a field.
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

/** Any UUID, any version or case: the shape of app, meeting and livestream ids. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** A fresh livestream as the API creates it: status INVOKED, not disabled, new id, key and playback URL. */
export function newLivestream(
  customerCode: string,
  fields: { name?: string | null; meeting_id?: string | null } = {},
): LivestreamRecord {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    name: fields.name ?? null,
    meeting_id: fields.meeting_id ?? null,
    disabled: false,
    ingest_server: INGEST_SERVER,
    playback_url: `https://customer-${customerCode}.cloudflarestream.com/${hex(16)}/manifest/video.m3u8`,
    status: "INVOKED",
    stream_key: newStreamKey(),
    created_at: at,
    updated_at: at,
  };
}

/** A livestream session that started now and is still running, with the spec example's null fields. */
export function newSession(livestreamId: string): LivestreamSessionRecord {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    livestream_id: livestreamId,
    session_id: null,
    created_at: at,
    updated_at: at,
    started_time: at,
    stopped_time: null,
    invoked_time: null,
    err_message: null,
    ingest_seconds: 0,
    viewer_seconds: 0,
  };
}
