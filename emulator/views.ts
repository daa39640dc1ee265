/**
 * How stored records appear in responses. Where the spec's schema and its example disagree, the emulator follows the
 * example (shared/reference/realtimekit-api.md §1, §6.2): `disabled` is a boolean and seconds are numbers everywhere,
 * and null fields are sent as null.
 */
import { paging, type Paging } from "./envelope";
import { positiveInteger } from "./input";
import type { LivestreamRecord, LivestreamSessionRecord } from "./records";

/** The create response's `data`: the livestream without timestamps, exactly the spec's fields. */
export function createdView(record: LivestreamRecord) {
  const { id, name, meeting_id, disabled, ingest_server, playback_url, status, stream_key } = record;
  return { id, name, meeting_id, disabled, ingest_server, playback_url, status, stream_key };
}

/** The start-livestreaming response's `data`, exactly the spec's fields. */
export function startedView(record: LivestreamRecord) {
  const { id, ingest_server, playback_url, status, stream_key } = record;
  return { id, ingest_server, playback_url, status, stream_key };
}

/** A livestream as list and get show it: every stored field. */
export function livestreamView(record: LivestreamRecord) {
  return { ...createdView(record), created_at: record.created_at, updated_at: record.updated_at };
}

/** A livestream session as the API shows it: `session_id` is the emulator's lookup key, not an API field. */
export function sessionView(session: LivestreamSessionRecord) {
  const { session_id: _lookupKey, ...shown } = session;
  return shown;
}

/**
 * Page size when `per_page` is absent. The spec documents no default for livestreams; 20 is the default of the
 * RealtimeKit apps list, the nearest documented one.
 */
const DEFAULT_PER_PAGE = 20;

/** The page of `items` that the query's `page_no` (default 1) and `per_page` select, with its paging. */
export function pageOf<T>(items: T[], query: URLSearchParams): { items: T[]; paging: Paging } {
  const pageNo = positiveInteger(query, "page_no", 1);
  const perPage = positiveInteger(query, "per_page", DEFAULT_PER_PAGE);
  const shown = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  return { items: shown, paging: paging(pageNo, perPage, shown.length, items.length) };
}
