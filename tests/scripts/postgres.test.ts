/** The throwaway PostgreSQL cluster: loopback only, password required, state database, nothing left behind. */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createPostgres, PostgresCluster, removePostgres, sql, startPostgres, stopPostgres } from "../../scripts/postgres";

jest.setTimeout(120_000);
let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await createPostgres();
});
afterAll(() => removePostgres(cluster));

const connects = (host: string) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(cluster.port, host).once("connect", () => (socket.destroy(), resolve(true))).once("error", () => resolve(false));
  });

it("serves the state database on loopback, with a login URL that holds no password", async () => {
  expect(cluster.backendUrl).toBe(`postgres://pulumi@127.0.0.1:${cluster.port}/pulumi_state?sslmode=disable`);
  expect(cluster.env).toEqual({ PULUMI_BACKEND_URL: cluster.backendUrl, PGPASSWORD: cluster.password });
  expect(sql(cluster, "SELECT current_database(), current_user")).toEqual(["pulumi_state|pulumi"]);
  expect(sql(cluster, "SHOW listen_addresses")).toEqual(["127.0.0.1"]);
  expect(await connects("127.0.0.1")).toBe(true);
  const external = Object.values(os.networkInterfaces()).flat().find((i) => i?.family === "IPv4" && !i.internal);
  if (external) expect(await connects(external.address)).toBe(false);
});

it("refuses a login with a wrong password", () => {
  expect(() => sql({ ...cluster, password: "wrong" }, "SELECT 1")).toThrow(/password authentication failed for user "pulumi"/);
});

it("keeps its data across a stop and a start", () => {
  sql(cluster, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)");
  stopPostgres(cluster);
  expect(() => sql(cluster, "SELECT 1")).toThrow(/Connection refused|could not connect/);
  startPostgres(cluster);
  expect(sql(cluster, "SELECT n FROM kept")).toEqual(["7"]);
});

it("says why a start failed, from the server's log: here its port, taken while it was stopped", async () => {
  stopPostgres(cluster);
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(cluster.port, "127.0.0.1", resolve));
  try {
    expect(() => startPostgres(cluster)).toThrow(/pg_ctl failed \(exit 1\)[\s\S]*server.log of this start ends:[\s\S]*could not bind IPv4 address "127\.0\.0\.1": Address already in use/);
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
  startPostgres(cluster);
  expect(sql(cluster, "SELECT 1")).toEqual(["1"]);
});

it("quotes only what the failed start wrote to the log, not an earlier start's lines", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pg-no-data-"));
  fs.chmodSync(dir, 0o755); // the postgres account runs pg_ctl there
  fs.writeFileSync(path.join(dir, "server.log"), "LOG:  an earlier start's line\n");
  try {
    expect(() => startPostgres({ ...cluster, dir })).toThrow(/pg_ctl failed \(exit 1\): pg_ctl: directory ".*data" does not exist\nserver.log of this start ends:\n\(nothing\)$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it("stops the server and removes its folder, twice without harm", async () => {
  const other = await createPostgres();
  removePostgres(other);
  expect(fs.existsSync(other.dir)).toBe(false);
  await expect(new Promise((resolve, reject) => net.connect(other.port, "127.0.0.1").once("connect", resolve).once("error", reject))).rejects.toThrow(/ECONNREFUSED/);
  expect(() => removePostgres(other)).not.toThrow();
});
