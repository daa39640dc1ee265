/**
 * A loopback proxy in front of the emulator, for what its request log cannot show: how many API
 * requests are open at once, and something done at the emulator at a chosen moment of a client's
 * sequence (a create while a list is read). Requests reach the real emulator over HTTP, unchanged.
 */
import * as http from "node:http";
import { RawServer, serve } from "./raw-server";

export interface EmulatorProxy extends RawServer {
  /** The most requests open at once so far. */
  mostOpen: () => number;
}

export interface ProxyOptions {
  /** Runs before a request is passed on; the request waits for it. */
  before?: (url: URL) => Promise<void>;
  /**
   * Holds each request until none has arrived for this long, then passes on all held: every
   * request the client sends together is then open at once, however slow the machine.
   */
  gatherMs?: number;
}

/** A proxy to the emulator at `emulatorUrl` (its `url`, not its base URL); `baseUrl` is what the client is given. */
export function emulatorProxy(emulatorUrl: string, { before, gatherMs }: ProxyOptions = {}): Promise<EmulatorProxy> {
  const target = new URL(emulatorUrl);
  let open = 0;
  let most = 0;
  let held: (() => void)[] = [];
  let quiet: NodeJS.Timeout | undefined;
  const gathered = () => new Promise<void>((resolve) => {
    if (gatherMs === undefined) return resolve();
    held.push(resolve);
    clearTimeout(quiet);
    quiet = setTimeout(() => held.splice(0).forEach((release) => release()), gatherMs);
  });
  const pass = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    most = Math.max(most, ++open);
    const body: Buffer[] = [];
    for await (const chunk of req) body.push(chunk as Buffer);
    await gathered();
    await before?.(new URL(req.url ?? "/", target));
    const onward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on("end", () => open--);
    });
    onward.on("error", () => (open--, res.destroy()));
    onward.end(Buffer.concat(body));
  };
  return serve((req, res) => void pass(req, res)).then((server) => ({ ...server, mostOpen: () => most }));
}
