/**
 * Who may use the control plane. It can read every stream key and change any livestream, so it answers only
 * requests meant for this emulator on this machine:
 * - the `Host` header must name the address the emulator listens on (or the one the request arrived at) and its
 *   port, or `localhost:<port>` when it listens on loopback; a page whose DNS name was rebound to this address still
 *   sends its own name, and is refused (403);
 * - with a control token, the request must carry `Authorization: Bearer <control token>` (401 otherwise). Listening
 *   on anything but loopback requires one: `checkExposure` refuses to start without it.
 */
import type { IncomingMessage } from "node:http";
import { sameSecret } from "../api/auth";
import type { Reply } from "../api/envelope";

export interface ControlAccess {
  /** The address the server listens on, as given (`127.0.0.1`, `::1`, `localhost`, `0.0.0.0`, ...). */
  host: string;
  port: number;
  /** The token the control plane requires; undefined for none (loopback only). */
  controlToken: string | undefined;
}

/** Throws when this way of listening would expose the control plane, or when the tokens are mixed up. */
export function checkExposure(host: string, controlToken: string | undefined, apiToken: string): void {
  if (controlToken === "") throw new Error("The control token must not be empty.");
  if (controlToken !== undefined && controlToken === apiToken) {
    throw new Error("The control token must differ from the API token: whoever holds the API token must not control the emulator.");
  }
  if (controlToken === undefined && !isLoopback(host)) {
    throw new Error(
      `The emulator would listen on ${host}, which other machines can reach, and its control plane (/__emulator) ` +
        "would be open to them: give a control token (--control-token, REALTIMEKIT_EMULATOR_CONTROL_TOKEN, or the " +
        "controlToken option), or listen on 127.0.0.1.",
    );
  }
}

/** Undefined when the request may use the control plane; otherwise the refusal, which repeats no header. */
export function checkControlAccess(req: IncomingMessage, access: ControlAccess): Reply | undefined {
  if (!allowedHosts(req, access).has((req.headers.host ?? "").toLowerCase())) {
    return refuse(403, "The control plane answers only requests addressed to the emulator's own address and port (Host header).");
  }
  if (access.controlToken === undefined) return undefined;
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
  if (!bearer || !sameSecret(bearer[1], access.controlToken)) {
    return { ...refuse(401, "The control plane needs its token: Authorization: Bearer <control token>."), headers: { "www-authenticate": "Bearer" } };
  }
  return undefined;
}

function allowedHosts(req: IncomingMessage, { host, port }: ControlAccess): Set<string> {
  const addresses = [host, unmapped(req.socket.localAddress ?? "")];
  if (isLoopback(host)) addresses.push("localhost");
  const names = addresses.map((address) => (address.includes(":") ? `[${address}]` : address).toLowerCase());
  const allowed = names.map((name) => `${name}:${port}`);
  // A client may leave out the default port.
  return new Set(port === 80 ? [...allowed, ...names] : allowed);
}

/** `::ffff:127.0.0.1` (an IPv4 client of a dual-stack socket) as `127.0.0.1`. */
function unmapped(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}

function isLoopback(host: string): boolean {
  const address = unmapped(host.toLowerCase());
  return address === "localhost" || address === "::1" || /^127\.\d+\.\d+\.\d+$/.test(address);
}

function refuse(status: number, error: string): Reply {
  return { status, body: { error } };
}
