/**
 * A TCP port on loopback that nothing listens on now, for a server a test or script starts next, and may stop and start
 * again (PostgreSQL across an outage). It is taken below the kernel's range for outgoing connections: a port of that
 * range, once its server stops, can become some connection's local port and refuse the restart.
 */
import * as fs from "node:fs";
import * as net from "node:net";

const LOWEST = 20000;

/** The lowest port the kernel gives outgoing connections: Linux says where; elsewhere the usual 32768 or above. */
export function connectionsLow(range = "/proc/sys/net/ipv4/ip_local_port_range"): number {
  try {
    const low = Number(fs.readFileSync(range, "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** A random port from 20000 (or, where outgoing connections start lower, from 1024) up to their range. */
export function portBelowConnections(low = connectionsLow()): number {
  const from = low >= LOWEST + 1000 ? LOWEST : 1024;
  if (low - from < 100) throw new Error(`Outgoing connections take ports from ${low} (ip_local_port_range): no room below them for a server's port`);
  return from + Math.floor(Math.random() * (low - from));
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port `pick` gives (by default portBelowConnections) that nothing listens on. */
export async function freePort(pick: () => number = portBelowConnections): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = pick();
    if (await canListen(port)) return port;
    if (attempt === 100) throw new Error(`No free port on 127.0.0.1 after ${attempt} tries (the last ${port})`);
  }
}
