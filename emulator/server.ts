/**
 * The HTTP pipeline. Control-plane paths (`/__emulator/...`) go to control.ts; every other request goes through the
 * steps Cloudflare's stack takes: route (7000/7003), authenticate (9106/6003/10000), then the operation, with any
 * pending fault for that operation applied on the way (wire.ts), and one request-log entry at the end.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { authenticate } from "./auth";
import { handleControl, isControlPath } from "./control";
import { apiError, gatewayError, type Reply } from "./envelope";
import type { FaultKind, FaultQueue } from "./faults";
import { BadRequest } from "./input";
import type { RequestLog } from "./request-log";
import { resolve, type RouteMatch } from "./routes";
import type { LivestreamStore } from "./store";
import { respond, writeReply } from "./wire";

/** Everything a running emulator holds; the control plane reaches the same objects. */
export interface EmulatorState {
  store: LivestreamStore;
  faults: FaultQueue;
  log: RequestLog;
  /** The one API token the emulated gateway accepts. */
  token: string;
  /** Delay added before every API request (not control-plane requests). */
  latencyMs: number;
  /** The `customer-<code>` of playback URLs minted by this instance. */
  customerCode: string;
}

export function createEmulatorServer(state: EmulatorState): Server {
  return createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      // A bug in the emulator, not an emulated failure: say so on stderr and answer 500 if the response is still open.
      console.error("RealtimeKit emulator: internal error", error);
      if (!res.headersSent) writeReply(res, gatewayError(500, { code: 1000, message: "Internal error in the emulator" }));
      else res.destroy();
    });
  });
}

async function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = req.method ?? "GET";
  const body = await readBody(req);
  if (isControlPath(url.pathname)) {
    writeReply(res, handleControl(state, method, url.pathname, body));
    return;
  }
  const timestamp = new Date().toISOString();
  const userAgent = req.headers["user-agent"] ?? null;
  const log = (operation: string | null, status: number | null, fault: FaultKind | null = null) =>
    state.log.add({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), operation, status, fault, timestamp, userAgent });

  if (state.latencyMs > 0) await sleep(state.latencyMs);
  const match = resolve(method, url.pathname);
  if ("error" in match) return log(null, writeReply(res, match.error));
  const operation = match.route.operation;
  const denied = authenticate(req.headers.authorization, state.token);
  if (denied) return log(operation, writeReply(res, denied));

  const fault = state.faults.take(operation);
  if (fault?.kind === "delay") await sleep(fault.ms);
  log(operation, respond(res, fault, () => run(match, url, body, state)), fault?.kind ?? null);
}

/** Runs the matched operation; input it rejects becomes a 400 in RealtimeKit's error shape. */
function run(match: RouteMatch, url: URL, body: string, state: EmulatorState): Reply {
  try {
    return match.route.handle({
      params: match.params,
      query: url.searchParams,
      body,
      store: state.store,
      customerCode: state.customerCode,
    });
  } catch (error) {
    if (error instanceof BadRequest) return apiError(400, error.message);
    throw error;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
