/**
 * The control plane, under its own prefix `/__emulator` and never under `/client/v4`: health, identity, reset, settings,
 * seeding and out-of-band changes, the request log and faults. It answers plain JSON, `{error}` on failure, since it is not
 * part of Cloudflare's API. Who may reach it is access.ts.
 */
import type { Reply } from "../api/envelope";
import { BadRequest } from "../api/input";
import { parseSettings, type RuntimeSettings } from "../api/settings";
import { parseFaults } from "../faults/fault";
import type { FaultQueue } from "../faults/queue";
import type { LivestreamStore } from "../store/store";
import type { RequestLog } from "./request-log";
import { livestreamPatch, seedLivestream, seedSession } from "./seed";

/** The parts of a running emulator the control plane reaches. */
export interface ControlledParts {
  store: LivestreamStore;
  faults: FaultQueue;
  log: RequestLog;
  settings: RuntimeSettings;
  /** The `customer-<code>` of playback URLs minted by this instance, for seeds. */
  customerCode: string;
  identity: EmulatorIdentity;
}

/**
 * Whose emulator answers on a port: its process and its state file. A script that starts an emulator with a state
 * file of its own (the demo's) tells its emulator from any other by it, and stops it by its process.
 */
export interface EmulatorIdentity {
  pid: number;
  /** The state file's absolute path; null for an emulator that keeps its livestreams in memory. */
  state: string | null;
}

const PREFIX = "/__emulator";

export function isControlPath(pathname: string): boolean {
  return pathname === PREFIX || pathname.startsWith(`${PREFIX}/`);
}

/** Answers one control-plane request; bad bodies are 400, unknown ids and paths 404. */
export function handleControl(parts: ControlledParts, method: string, pathname: string, body: string): Reply {
  try {
    return dispatch(parts, method, pathname.slice(PREFIX.length), body);
  } catch (error) {
    if (error instanceof BadRequest) return { status: 400, body: { error: error.message } };
    throw error;
  }
}

function dispatch(parts: ControlledParts, method: string, path: string, body: string): Reply {
  const { store, faults, log, settings } = parts;
  const id = /^\/livestreams\/([^/]+)$/.exec(path)?.[1];
  const route = `${method} ${id === undefined ? path : "/livestreams/{id}"}`;
  switch (route) {
    case "GET /health":
      return ok({ ok: true });
    case "GET /identity":
      return ok(parts.identity);
    case "POST /reset":
      store.reset();
      faults.reset();
      log.clear();
      settings.reset();
      return ok({ ok: true });
    case "GET /settings":
      return ok(settings.get());
    case "PATCH /settings":
      return ok(settings.update(parseSettings(json(body))));
    case "GET /livestreams":
      return ok(store.list());
    case "POST /livestreams":
      return { status: 201, body: store.create(seedLivestream(json(body), parts.customerCode, settings.now())) };
    case "PATCH /livestreams/{id}":
      return found(store.update(String(id), livestreamPatch(json(body), settings.now())), id);
    case "DELETE /livestreams/{id}":
      return found(store.remove(String(id)) ? { ok: true } : undefined, id);
    case "GET /sessions":
      return ok(store.sessions());
    case "POST /sessions":
      return { status: 201, body: store.addSession(seedSession(json(body), store, settings.now())) };
    case "GET /requests":
      return ok(log.list());
    case "DELETE /requests":
      log.clear();
      return ok({ ok: true });
    case "GET /faults":
      return ok(faults.report());
    case "POST /faults":
      faults.add(parseFaults(json(body)));
      return { status: 201, body: faults.report() };
    case "DELETE /faults":
      faults.clear();
      return ok({ ok: true });
    default:
      return { status: 404, body: { error: `No control endpoint ${method} ${PREFIX}${path}.` } };
  }
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function found(body: unknown, id: string | undefined): Reply {
  return body === undefined ? { status: 404, body: { error: `No livestream ${id}.` } } : ok(body);
}

/** The body as JSON; an empty body counts as `{}` so bodiless POSTs work. */
function json(body: string): unknown {
  if (body.trim() === "") return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new BadRequest("The body is not valid JSON.");
  }
}
