/**
 * The static rules for every value a user gives, shared by the provider's `check`, the settings
 * and the from-config example. Each rule returns a message that names what is allowed, or undefined.
 */

/** The API's name pattern (spec `create_livestream`), never empty here; the length limit is ours. */
export const NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
export const NAME_MAX_LENGTH = 100;
const ACCOUNT_ID = /^[0-9a-f]{32}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Visible ASCII only: anything else (spaces, newlines, unicode) would break or smuggle an HTTP header. */
const TOKEN = /^[\x21-\x7e]+$/;

export type Rule = (value: unknown) => string | undefined;

const mustBeString = (what: string): string => `must be ${what}`;

export const livestreamName: Rule = (v) => {
  if (typeof v !== "string") return mustBeString(`a string of 1-${NAME_MAX_LENGTH} letters, digits, '-' or '_'`);
  if (v.length === 0 || v.length > NAME_MAX_LENGTH || !NAME_PATTERN.test(v)) {
    return `must be 1-${NAME_MAX_LENGTH} characters, each a letter, digit, '-' or '_' (got ${quote(v)})`;
  }
  return undefined;
};

export const accountId: Rule = (v) =>
  typeof v === "string" && ACCOUNT_ID.test(v) ? undefined : `must be a Cloudflare account id: 32 hex digits (got ${quote(v)})`;

export const uuid: Rule = (v) =>
  typeof v === "string" && UUID.test(v)
    ? undefined
    : `must be a UUID such as 14a396e7-ca44-4937-bf1f-050a69118543 (got ${quote(v)})`;

/** Tokens are never quoted back: a message must not leak even a malformed secret. */
export const apiToken: Rule = (v) =>
  typeof v === "string" && TOKEN.test(v) ? undefined : "must be a non-empty token of visible ASCII characters (no spaces or newlines)";

/**
 * The base URL must be http(s) with no credentials, query or fragment. Plain http is allowed only to
 * loopback (the emulator): anywhere else the token would cross the network in clear text. Messages
 * show at most the scheme and host: a mistyped URL may hold a credential anywhere else.
 */
export const baseUrl: Rule = (v) => {
  const allowed = "must be an https URL such as https://api.cloudflare.com/client/v4 (http only for localhost)";
  if (typeof v !== "string") return allowed;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return `${allowed}; the value given is not a URL`;
  }
  const shown = quote(`${url.protocol}//${url.host}`);
  if (url.username || url.password) return `${allowed}; it must not carry credentials`;
  // URL gives an empty query or fragment ("…/v4?") no `search` or `hash`, yet every path would end up after it.
  if (url.search || url.hash || /[?#]/.test(v)) return `${allowed}; it must not have a query or fragment (got ${shown}…)`;
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopback(url.hostname)) return undefined;
  return `${allowed}; got ${shown}…, which would send the API token unencrypted`;
};

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Shows a bad value briefly and safely: control characters escaped, long values cut. */
function quote(v: unknown): string {
  if (typeof v !== "string") return v === null ? "null" : typeof v;
  const shown = JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  return v.length > 60 ? `${shown}, ${v.length} characters` : shown;
}

/** The rule of each input field, shared by `check` and the stack-config list. */
export const FIELD_RULES = {
  name: livestreamName,
  accountId,
  appId: uuid,
  adoptLivestreamId: uuid,
  adoptExisting: (v) =>
    typeof v === "boolean" ? undefined
      : `must be true or false (got ${quote(v)}${v === "true" || v === "false" ? ", text: in stack config, set it with 'pulumi config set --path ... --type bool'" : ""})`,
} as const satisfies Record<string, Rule>;
