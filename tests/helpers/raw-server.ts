/** A one-answer HTTP server on loopback, for what the emulator never sends (HTML 404s, odd bodies, huge bodies). */
import * as http from "node:http";
import { AddressInfo } from "node:net";

export interface RawServer {
  baseUrl: string;
  /** The headers of the last request. */
  lastHeaders: () => http.IncomingHttpHeaders;
  close: () => Promise<void>;
}

export async function rawServer(status: number, contentType: string, body: string): Promise<RawServer> {
  let headers: http.IncomingHttpHeaders = {};
  const server = http.createServer((req, res) => {
    headers = req.headers;
    res.writeHead(status, { "content-type": contentType }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    lastHeaders: () => headers,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
