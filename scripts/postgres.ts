/**
 * A throwaway PostgreSQL cluster for Pulumi's PostgreSQL backend: made in a temporary folder, listening
 * on loopback only at a free port, one password-protected role and one database for the state. It
 * never touches a system cluster (its own data folder, socket folder and port). PostgreSQL refuses to
 * run as root, so when we are root its programs run as the `postgres` user.
 * Used by the team demo and the end-to-end tests on PostgreSQL.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { freePort } from "./free-port";
import * as os from "node:os";
import * as path from "node:path";

const ROLE = "pulumi";
const DATABASE = "pulumi_state";

export interface PostgresCluster {
  /** The cluster's folder: data, socket, log, the password file. */
  dir: string;
  port: number;
  /** What Pulumi logs in to: the password is not in it (it travels in PGPASSWORD). */
  backendUrl: string;
  /** The role's password, for the "no secret in plain text" checks. */
  password: string;
  /** The variables that point the Pulumi CLI at this cluster. */
  env: Record<string, string>;
}

/** The folder of initdb, pg_ctl and psql: beside the file the initdb on PATH links to (Debian puts a wrapper there). */
export function postgresBinDir(): string {
  const initdb = (process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, "initdb")).find((f) => fs.existsSync(f));
  if (!initdb) throw new Error("PostgreSQL is missing (no initdb on PATH): install it, e.g. 'apt-get install postgresql' (.ci/run does)");
  return path.dirname(fs.realpathSync(initdb));
}

/** As root, the uid and gid of `postgres`; otherwise undefined (we run it as ourselves). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/** Runs a PostgreSQL program as the cluster's owner; throws with its output when it fails. */
function pg(cluster: Pick<PostgresCluster, "dir" | "password">, program: string, args: string[]): string {
  const result = spawnSync(path.join(postgresBinDir(), program), args, {
    cwd: cluster.dir,
    env: { PATH: process.env.PATH ?? "", LANG: "C.UTF-8", PGPASSWORD: cluster.password },
    encoding: "utf8",
    ...runAs(),
  });
  if (result.status !== 0) throw new Error(`${program} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Starts the server of a cluster made by createPostgres (again, after stopPostgres), waiting until it accepts connections. */
export function startPostgres(cluster: PostgresCluster): void {
  const options = `-c listen_addresses=127.0.0.1 -p ${cluster.port} -k ${cluster.dir}`;
  const log = path.join(cluster.dir, "server.log");
  const earlier = fs.existsSync(log) ? fs.statSync(log).size : 0;
  try {
    pg(cluster, "pg_ctl", ["start", "-w", "-t", "60", "-D", path.join(cluster.dir, "data"), "-l", log, "-o", options]);
  } catch (error) {
    // pg_ctl only says to look at the log, which goes with the cluster's folder: what this start wrote there says why.
    const written = fs.existsSync(log) ? fs.readFileSync(log).subarray(earlier).toString("utf8").trim() : "";
    const tail = written ? written.split("\n").slice(-5).join("\n") : "(nothing)";
    throw new Error(`${(error as Error).message.trim()}\nserver.log of this start ends:\n${tail}`);
  }
}

/** Stops the server at once, as a crash or a network cut would look to a client; the data stays. */
export function stopPostgres(cluster: PostgresCluster): void {
  pg(cluster, "pg_ctl", ["stop", "-w", "-m", "immediate", "-D", path.join(cluster.dir, "data")]);
}

/** Stops the server if it runs, and removes the cluster's folder. Safe to call twice. */
export function removePostgres(cluster: PostgresCluster): void {
  if (!fs.existsSync(cluster.dir)) return;
  if (fs.existsSync(path.join(cluster.dir, "data", "postmaster.pid"))) {
    try {
      stopPostgres(cluster);
    } catch {
      // Already stopped: removing the folder is all that is left.
    }
  }
  fs.rmSync(cluster.dir, { recursive: true, force: true });
}

/**
 * The folder of the cluster that `owner` (a folder) keeps, in the system's temporary folder (which the
 * postgres account can reach) and named for the owner, so the owner finds it again, to stop it, even once
 * its own files are gone.
 */
export function ownedClusterDir(owner: string): string {
  return path.join(os.tmpdir(), `realtimekit-pg-of-${createHash("sha256").update(path.resolve(owner)).digest("hex").slice(0, 16)}`);
}

/**
 * Makes a cluster in `dir` (default a new temporary folder under `parent`, default the system's),
 * starts it and creates the state database. The caller removes it with removePostgres, in a `finally`
 * or `afterAll`.
 */
export async function createPostgres(parent = os.tmpdir(), at?: string): Promise<PostgresCluster> {
  if (at) fs.mkdirSync(at, { mode: 0o700 });
  const dir = at ?? fs.mkdtempSync(path.join(parent, "realtimekit-pg-"));
  const password = randomBytes(18).toString("base64url");
  const port = await freePort();
  // Loopback only, so no TLS; a shared server wants sslmode=verify-full (see docs/teams.md).
  const backendUrl = `postgres://${ROLE}@127.0.0.1:${port}/${DATABASE}?sslmode=disable`;
  const cluster: PostgresCluster = { dir, port, password, backendUrl, env: { PULUMI_BACKEND_URL: backendUrl, PGPASSWORD: password } };
  try {
    const owner = runAs();
    if (owner) fs.chownSync(dir, owner.uid, owner.gid);
    const pwfile = path.join(dir, "password");
    fs.writeFileSync(pwfile, password, { mode: 0o600 });
    if (owner) fs.chownSync(pwfile, owner.uid, owner.gid);
    // Password logins only, also over the socket: no role gets in on trust.
    pg(cluster, "initdb", ["-D", path.join(dir, "data"), "-U", ROLE, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--no-sync"]);
    fs.rmSync(pwfile);
    startPostgres(cluster);
    pg(cluster, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", ROLE, DATABASE]);
    return cluster;
  } catch (error) {
    removePostgres(cluster);
    throw error;
  }
}

/** Runs one SQL statement in the state database and returns psql's unaligned rows (for tests and the demo). */
export function sql(cluster: PostgresCluster, statement: string): string[] {
  const out = pg(cluster, "psql", ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", ROLE, "-d", DATABASE, "-At", "-v", "ON_ERROR_STOP=1", "-c", statement]);
  return out.split("\n").filter((line) => line !== "");
}
