/**
 * The HTTP pipeline. Control-plane paths (`/__emulator/...`) go, once access.ts lets them, to the control plane; every
 * other request goes through the steps Cloudflare's stack takes: route (7000/7003), authenticate (9106/6003/10000),
 * then the operation in the path's account and app, with any pending fault for that operation applied on the way
 * (faults/respond.ts), and one request-log entry at the end. Every API answer carries a `Date` from the emulator's clock.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { AppStore } from "./api/app-store";
import { authenticate } from "./api/auth";
import { apiError, gatewayError, type Reply } from "./api/envelope";
import { BadRequest } from "./api/input";
import { resolve, type RouteMatch } from "./api/routes";
import { setDateHeader, writeReply } from "./api/wire";
import { checkControlAccess } from "./control/access";
import { handleControl, isControlPath, type ControlledParts } from "./control/plane";
import type { FaultKind } from "./faults/fault";
import { respond } from "./faults/respond";

/** Everything a running emulator holds; the control plane reaches the same objects. */
export interface EmulatorParts extends ControlledParts {
  /** The one API token the emulated gateway accepts. */
  token: string;
  /** The address the server listens on, which control-plane requests must name in their `Host`. */
  host: string;
  /** The token the control plane requires, if any. */
  controlToken: string | undefined;
}

export function createEmulatorServer(parts: EmulatorParts): Server {
  return createServer((req, res) => {
    handle(parts, req, res).catch((error: unknown) => {
      // A bug in the emulator, not an emulated failure: say so on stderr and answer 500 if the response is still open.
      console.error("RealtimeKit emulator: internal error", error);
      if (!res.headersSent) writeReply(res, gatewayError(500, { code: 1000, message: "Internal error in the emulator" }));
      else res.destroy();
    });
  });
}

async function handle(parts: EmulatorParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = req.method ?? "GET";
  const body = await readBody(req);
  if (isControlPath(url.pathname)) {
    const access = { host: parts.host, port: req.socket.localPort ?? 0, controlToken: parts.controlToken };
    writeReply(res, checkControlAccess(req, access) ?? handleControl(parts, method, url.pathname, body));
    return;
  }
  const { settings } = parts;
  const timestamp = settings.now().toISOString();
  const userAgent = req.headers["user-agent"] ?? null;
  const log = (operation: string | null, status: number | null, fault: FaultKind | null = null) =>
    parts.log.add({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), operation, status, fault, timestamp, userAgent });

  const { latencyMs } = settings.get();
  if (latencyMs > 0) await sleep(latencyMs);
  const stamp = () => setDateHeader(res, settings.get().dateHeader ? settings.now() : undefined);
  stamp();
  const match = resolve(method, url.pathname);
  if ("error" in match) return log(null, writeReply(res, match.error));
  const operation = match.route.operation;
  const denied = authenticate(req.headers.authorization, parts.token);
  if (denied) return log(operation, writeReply(res, denied));

  const fault = parts.faults.take(operation);
  const wait = async (ms: number) => {
    await sleep(ms);
    stamp();
  };
  log(operation, await respond(res, fault, () => run(match, url, body, parts), wait), fault?.kind ?? null);
}

/** Runs the matched operation in its account and app; input it rejects becomes a 400 in RealtimeKit's error shape. */
function run(match: RouteMatch, url: URL, body: string, parts: EmulatorParts): Reply {
  try {
    return match.route.handle({
      params: match.params,
      query: url.searchParams,
      body,
      app: new AppStore(parts.store, match.scope),
      settings: parts.settings.get(),
      now: parts.settings.now(),
      customerCode: parts.customerCode,
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
