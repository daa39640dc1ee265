/** HTTP servers on loopback for what the emulator never sends (HTML 404s, odd bodies, huge bodies) or never shows (how many requests are open at once). */
import * as http from "node:http";
import { AddressInfo } from "node:net";

export interface RawServer {
  baseUrl: string;
  /** The headers of the last request. */
  lastHeaders: () => http.IncomingHttpHeaders;
  close: () => Promise<void>;
}

/** One answer to every request. */
export function rawServer(status: number, contentType: string, body: string): Promise<RawServer> {
  return serve((_req, res) => res.writeHead(status, { "content-type": contentType }).end(body));
}

/**
 * A list endpoint that answers `items` on page 1 and an empty page after it, as a listing ends, with
 * `total_count` as given; other requests go to `other` (404 by default).
 */
export function listServer(items: object[], totalCount = items.length, other?: http.RequestListener): Promise<RawServer> {
  return serve((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (!url.pathname.endsWith("/livestreams")) {
      if (other) return other(req, res);
      return res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ success: false, error: { code: 404, message: "not found" } }));
    }
    const page = Number(url.searchParams.get("page_no") ?? "1");
    const body = { success: true, data: page === 1 ? items : [], paging: { total_count: totalCount } };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
}

/** A server of `handler`; its requests' headers kept, its connections closed with it. */
export async function serve(handler: http.RequestListener): Promise<RawServer> {
  let headers: http.IncomingHttpHeaders = {};
  const server = http.createServer((req, res) => {
    headers = req.headers;
    handler(req, res);
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
