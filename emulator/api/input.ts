/**
 * Reading what a caller sends: query parameters and JSON bodies. Every rule throws `BadRequest` naming the parameter or
 * field and what is allowed; the server turns it into a 400 in RealtimeKit's error shape (the status and shape
 * shared/reference/realtimekit-api.md §3 infers for validation failures).
 */

/** Input the API rejects with 400; the message is shown to the caller as is. */
export class BadRequest extends Error {}

/** The pattern the spec gives for livestream names (create and start bodies). */
const NAME_PATTERN = /^[a-zA-Z0-9-_]*$/;

/** A positive integer parameter such as `page_no`, or the fallback when absent. */
export function positiveInteger(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^[1-9][0-9]*$/.test(raw)) throw new BadRequest(`Invalid query parameter "${name}": expected a positive integer.`);
  return Number(raw);
}

/** An integer parameter such as the analytics `start_time` (Unix seconds), or undefined when absent. */
export function integer(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^-?[0-9]+$/.test(raw)) throw new BadRequest(`Invalid query parameter "${name}": expected an integer (Unix seconds).`);
  return Number(raw);
}

/** One of the listed values, or undefined when absent. */
export function oneOf<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new BadRequest(`Invalid query parameter "${name}": expected one of ${allowed.join(", ")}.`);
  }
  return raw as T;
}

/** `true` or `false`, or the fallback when absent. */
export function boolean(query: URLSearchParams, name: string, fallback: boolean): boolean {
  return (oneOf(query, name, ["true", "false"]) ?? String(fallback)) === "true";
}

/** An ISO date-time parameter as milliseconds since the epoch, or undefined when absent. */
export function isoTime(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw new BadRequest(`Invalid query parameter "${name}": expected an ISO 8601 date-time.`);
  return time;
}

/**
 * The body as a JSON object. The spec marks create and start bodies as required, so an empty body is rejected too;
 * the documented minimal body is `{}`. The Content-Type header is not checked.
 */
export function jsonObject(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BadRequest("Request body is not valid JSON: send a JSON object such as {} or {\"name\":\"my-stream\"}.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BadRequest("Request body is not a JSON object: send a JSON object such as {} or {\"name\":\"my-stream\"}.");
  }
  return value as Record<string, unknown>;
}

/** The optional `name` field: a string matching `NAME_PATTERN`, null, or absent (also null). */
export function livestreamName(body: Record<string, unknown>): string | null {
  const name = body.name;
  if (name === undefined || name === null) return null;
  if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
    throw new BadRequest(`Invalid field "name": expected a string matching ${NAME_PATTERN.source}, or null.`);
  }
  return name;
}

/** The optional `video_config` of the start body: an object whose `height` and `width`, when given, are integers. */
export function videoConfig(body: Record<string, unknown>): void {
  const config = body.video_config;
  if (config === undefined) return;
  const valid =
    typeof config === "object" &&
    config !== null &&
    !Array.isArray(config) &&
    ["height", "width"].every((key) => {
      const size = (config as Record<string, unknown>)[key];
      return size === undefined || Number.isInteger(size);
    });
  if (!valid) throw new BadRequest(`Invalid field "video_config": expected an object with integer "height" and "width".`);
}
