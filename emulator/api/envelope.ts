/**
 * Every body the emulated API sends is built here, so the three shapes stay consistent (as in stripe-mock):
 * - success: RealtimeKit's `{success: true, data}`, sometimes with a top-level `paging` (no v4 `result`);
 * - gateway errors: Cloudflare's v4 envelope `{success: false, errors, messages: [], result: null}`, used for
 *   authentication, routing, rate limits and 5xx;
 * - RealtimeKit errors: `{success: false, error: {code: <HTTP status>, message}}`, used for unknown ids and bad input.
 * See shared/reference/realtimekit-api.md §0 and §3.
 */

/** A response the server will write: status, JSON body and any extra headers. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The list metadata RealtimeKit puts beside `data`; offsets are 1-based and inclusive, as in the spec examples. */
export interface Paging {
  start_offset: number;
  end_offset: number;
  total_count: number;
}

/** One item of a v4 `errors` array; `error_chain` carries the detail codes Cloudflare nests under 6003. */
interface GatewayErrorItem {
  code: number;
  message: string;
  error_chain?: { code: number; message: string }[];
}

/** A RealtimeKit success body; `paging` is added only when given. */
export function success(status: number, data: unknown, paging?: Paging): Reply {
  return { status, body: paging === undefined ? { success: true, data } : { success: true, data, paging } };
}

/** A Cloudflare v4 error envelope, as the API gateway sends it. */
export function gatewayError(status: number, error: GatewayErrorItem, headers?: Record<string, string>): Reply {
  return { status, body: { success: false, errors: [error], messages: [], result: null }, headers };
}

/** A RealtimeKit error body; its `code` is the HTTP status, as `realtimekit_ErrorResponse` documents. */
export function apiError(status: number, message: string): Reply {
  return { status, body: { success: false, error: { code: status, message } } };
}

/**
 * Paging for one page of `total` items. An empty page reports offsets 0/0; the spec only shows non-empty pages,
 * so that part is the emulator's choice.
 */
export function paging(pageNo: number, perPage: number, shown: number, total: number): Paging {
  if (shown === 0) return { start_offset: 0, end_offset: 0, total_count: total };
  const start = (pageNo - 1) * perPage + 1;
  return { start_offset: start, end_offset: start + shown - 1, total_count: total };
}
