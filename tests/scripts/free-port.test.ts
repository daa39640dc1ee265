/** freePort: a loopback port for a server started next, and started again later (PostgreSQL after an outage). */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { connectionsLow, freePort, portBelowConnections } from "../../scripts/free-port";

/** The lowest port the kernel gives an outgoing connection, as Linux says (where it does not, the usual 32768). */
function ephemeralLow(): number {
  const range = "/proc/sys/net/ipv4/ip_local_port_range";
  return fs.existsSync(range) ? Number(fs.readFileSync(range, "utf8").trim().split(/\s+/)[0]) : 32768;
}

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("freePort", () => {
  it("gives ports below the kernel's range for outgoing connections, so no connection takes one while its server is stopped", async () => {
    // A port of that range, freed by a stopped server, may become a connection's local port and refuse the restart
    // (a clean-clone run: 'pg_ctl: could not start server' after teams-backend-outage's outage).
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port).toBeLessThan(ephemeralLow());
    }
    expect(new Set(ports).size).toBeGreaterThan(1); // not one fixed port for every caller
  });

  it("stays below the range where it starts low, reads a range it cannot parse as the usual one, and says when there is no room", () => {
    for (let i = 0; i < 200; i++) {
      expect(portBelowConnections(10000)).toBeGreaterThanOrEqual(1024);
      expect(portBelowConnections(10000)).toBeLessThan(10000);
      expect(portBelowConnections(20500)).toBeLessThan(20500);
    }
    const range = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "range-")), "ip_local_port_range");
    fs.writeFileSync(range, "x\n");
    expect(connectionsLow(range)).toBe(32768);
    fs.writeFileSync(range, "15000\t60999\n");
    expect(connectionsLow(range)).toBe(15000);
    expect(() => portBelowConnections(1100)).toThrow("Outgoing connections take ports from 1100 (ip_local_port_range): no room below them for a server's port");
  });

  it("passes over a port something already listens on", async () => {
    const taken = await listenOn(await freePort());
    const takenPort = (taken.address() as net.AddressInfo).port;
    try {
      const picks = [takenPort, takenPort];
      const port = await freePort(() => picks.shift() ?? portBelowConnections());
      expect(picks).toEqual([]); // both were tried
      expect(port).not.toBe(takenPort);
      (await listenOn(port)).close();
    } finally {
      taken.close();
    }
  });
});
