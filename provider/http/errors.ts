/**
 * The errors the provider raises. Each carries what a caller branches on (HTTP status, Cloudflare's
 * code, the operation as `METHOD /path`) and a message fit for a user; never headers or tokens.
 */

/** Facts about a failed API call. */
export interface ErrorFacts {
  /** `METHOD /path` of the call, e.g. `POST /accounts/…/realtime/kit/…/livestreams`. */
  operation?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** Cloudflare's error code (v4 envelope `errors[0].code`, or RealtimeKit's `error.code`). */
  code?: number;
}

/** Base class: every error the provider raises is one of these. */
export class RealtimeKitError extends Error {
  readonly operation?: string;
  readonly status?: number;
  readonly code?: number;
  /** The message without the facts appended, for log lines that name the operation already. */
  readonly summary: string;
  /**
   * Marks the error as Pulumi's RunError does, so that a program failing with it (a plain-text
   * token, a bad config list, a lookup that finds nothing) prints this message alone, not a stack
   * trace that buries it.
   */
  readonly __pulumiRunError = true;

  constructor(message: string, facts: ErrorFacts = {}) {
    super(facts.operation ? `${message} (${describe(facts)})` : message);
    this.name = new.target.name;
    // No stack frames: Pulumi reports a program's error through util.inspect in colour, which on Node 22 loops on a
    // frame under node_modules/@pulumi/<file> (nodejs/node#64011) for a minute of a whole core before preview can fail.
    // The message is all a user needs; a bug is never one of these.
    this.stack = `${this.name}: ${this.message}`;
    this.summary = message;
    this.operation = facts.operation;
    this.status = facts.status;
    this.code = facts.code;
  }
}

function describe({ operation, status, code }: ErrorFacts): string {
  return [operation, status && `HTTP ${status}`, code && `code ${code}`].filter(Boolean).join(", ");
}

/** Bad or missing settings (token, account, app, base URL), found before any request is sent. */
export class ConfigurationError extends RealtimeKitError {}

/** The token was missing, malformed, wrong, or lacks the Realtime permission (400 9106/6003, 401, 403). */
export class AuthenticationError extends RealtimeKitError {}

/** The account, app, livestream or route does not exist (404, or 400 with code 7003). */
export class NotFoundError extends RealtimeKitError {}

/** The API rejected the request's content (400, 409, 422). */
export class BadRequestError extends RealtimeKitError {}

/** Too many requests (429). `retryAfterMs` is the server's requested wait, when it sent one. */
export class RateLimitError extends RealtimeKitError {
  constructor(
    message: string,
    facts: ErrorFacts,
    readonly retryAfterMs?: number,
  ) {
    super(message, facts);
  }
}

/** Cloudflare failed (5xx). The request may or may not have taken effect. */
export class ServerError extends RealtimeKitError {}

/** No answer: connection refused or reset, or a timeout. The request may or may not have taken effect. */
export class NetworkError extends RealtimeKitError {}

/**
 * No connection could be made (the host's name not found, the connection refused): nothing was
 * sent, so unlike a NetworkError it cannot have taken effect, and a create fails at once.
 */
export class ConnectError extends RealtimeKitError {}

/** The server answered something that is not a valid RealtimeKit response (HTML, bad JSON, missing fields). */
export class InvalidResponseError extends RealtimeKitError {}

/**
 * A create whose answer was lost, where which livestream it made (if any) cannot be told: several
 * candidates, one that cannot be told apart, or a list that could not be read. Nothing was posted
 * again or saved; the message lists what was found and how to adopt one.
 */
export class UncertainCreateError extends RealtimeKitError {}

/**
 * A create asked for a name its app already holds. The API cannot delete, so a second livestream
 * of a name could never be removed: nothing is posted, and the message names the holder and the
 * ways out.
 */
export class NameTakenError extends RealtimeKitError {}

/**
 * A livestream exists, but reading it failed. Carrying `id` and `properties` makes the Pulumi
 * engine record it as a partially created resource (with init errors) rather than lose it; the next
 * `pulumi up` then runs `update`, which completes it.
 */
export class IncompleteCreateError extends RealtimeKitError {
  /** The fields the provider host reads to report a partial create. */
  readonly reasons: string[];

  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    override readonly cause: RealtimeKitError,
  ) {
    super(`Livestream ${id} was created, but reading it failed: ${cause.message}. It is saved to state; run 'pulumi up' again to complete it`);
    this.reasons = [this.message];
  }

  /** The same error with the resource's inputs among the properties the engine stores. */
  withInputs(inputs: object): IncompleteCreateError {
    return new IncompleteCreateError(this.id, { ...inputs, ...this.properties }, this.cause);
  }
}

/**
 * True only when RealtimeKit itself says the thing does not exist: its own 404 body
 * (`{success: false, error: {code: 404}}`). A 404 from a wrong base URL, a proxy's HTML page or the
 * gateway (7000, 7003) says nothing about the livestream, and treating it as gone would drop
 * livestreams from state that still exist, then create undeletable duplicates.
 */
export function isGone(error: unknown): boolean {
  return error instanceof NotFoundError && error.status === 404 && error.code === 404;
}

/** True when a failed request may still have taken effect on the server, so a blind retry could duplicate it. */
export function isAmbiguous(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof ServerError || error instanceof InvalidResponseError;
}
