/**
 * How stored records appear in responses. Where the spec's schema and its example disagree, the emulator follows the
 * example (shared/reference/realtimekit-api.md §1, §6.2): `disabled` is a boolean and seconds are numbers everywhere,
 * and null fields are sent as null. The account and app a record belongs to never appear: the path says them.
 */
import type { LivestreamRecord, LivestreamSessionRecord } from "../store/records";
import { paging, type Paging } from "./envelope";
import { positiveInteger } from "./input";
import type { ListNames, Settings } from "./settings";

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

/** A livestream as a get shows it: every field the API has. */
export function livestreamView(record: LivestreamRecord) {
  return { ...createdView(record), created_at: record.created_at, updated_at: record.updated_at };
}

/**
 * A livestream as a list item: as a get shows it, with `name` as the `listNames` setting asks. The spec's example of
 * the list answers `"name": null`, so a client must not count on the list to echo names.
 */
export function listItemView(record: LivestreamRecord, listNames: ListNames) {
  if (listNames === "echo") return livestreamView(record);
  const { name: _hidden, ...view } = livestreamView(record);
  return listNames === "null" ? { ...view, name: null } : view;
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

/**
 * The page of `items` that the query's `page_no` (default 1) and `per_page` select, with its paging. A `per_page` over
 * `maxPerPage` is quietly lowered to it, as a server that caps its pages does; the offsets show the page it sent. The
 * total is short by `totalCountShortBy`, as a server whose total under-reports.
 */
export function pageOf<T>(items: T[], query: URLSearchParams, { maxPerPage, totalCountShortBy }: Pick<Settings, "maxPerPage" | "totalCountShortBy">): { items: T[]; paging: Paging } {
  const pageNo = positiveInteger(query, "page_no", 1);
  const asked = positiveInteger(query, "per_page", DEFAULT_PER_PAGE);
  const perPage = maxPerPage === null ? asked : Math.min(asked, maxPerPage);
  const shown = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  return { items: shown, paging: paging(pageNo, perPage, shown.length, Math.max(0, items.length - totalCountShortBy)) };
}
