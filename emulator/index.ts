/**
 * A local emulator of Cloudflare's RealtimeKit livestream API: a real HTTP server on the real paths, for tests,
 * demos and benchmarks. See emulator/README.md for what it emulates faithfully and what it does not.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { DEFAULT_SETTINGS, parseSettings, RuntimeSettings, type ListNames } from "./api/settings";
import { checkExposure } from "./control/access";
import { RequestLog } from "./control/request-log";
import type { FaultSpec } from "./faults/fault";
import { FaultQueue } from "./faults/queue";
import { createEmulatorServer } from "./server";
import { FileStore } from "./store/file-store";
import { MemoryStore } from "./store/memory-store";
import { newCustomerCode } from "./store/records";
import type { LivestreamStore } from "./store/store";

/**
 * The API token the emulator accepts when none is configured. A development default for local runs and tests only:
 * it guards nothing, and is not a Cloudflare token.
 */
export const DEFAULT_EMULATOR_TOKEN = "emulator-dev-token";

export interface EmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. Anything but loopback requires `controlToken`. */
  host?: string;
  /** The one API token accepted as `Authorization: Bearer <token>`; default `DEFAULT_EMULATOR_TOKEN`. */
  token?: string;
  /** The token the control plane (`/__emulator`) requires as `Authorization: Bearer <token>`; none by default. */
  controlToken?: string;
  /** A JSON file that keeps livestreams across restarts; without it they live in memory only. */
  statePath?: string;
  /** Milliseconds added before every API request, to imitate network latency in benchmarks; default 0. */
  latencyMs?: number;
  /** How list items carry `name`: "echo" (default), "null" (as the spec's example), or "absent". */
  listNames?: ListNames;
  /** Milliseconds the emulator's clock runs ahead of the machine's (negative: behind); default 0. */
  clockOffsetMs?: number;
  /** The largest `per_page` the list honours; default none. */
  maxPerPage?: number;
  /** false: answers carry no `Date` header (as behind a proxy that strips it); default true. */
  dateHeader?: boolean;
  /** How many fewer than a listing holds its `paging.total_count` reports, as a server whose total under-reports; default 0. */
  totalCountShortBy?: number;
  /** Faults pending from the start, as if posted to `/__emulator/faults`. */
  faults?: FaultSpec[];
}

export interface RunningEmulator {
  /** The server's root, `http://127.0.0.1:<port>`; the control plane is under `${url}/__emulator`. */
  url: string;
  /** `${url}/client/v4`: what a client uses as its Cloudflare API base URL. */
  baseUrl: string;
  /** The emulator's store, for tests that inspect or arrange state directly. */
  store: LivestreamStore;
  /** Stops listening and closes open connections; resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * Starts an emulator and resolves once it is listening. Rejects, before listening, on a bad setting, and when it would
 * listen beyond loopback without a control token.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? DEFAULT_EMULATOR_TOKEN;
  checkExposure(host, options.controlToken, token);
  const { latencyMs, listNames, clockOffsetMs, maxPerPage, dateHeader, totalCountShortBy } = options;
  const settings = new RuntimeSettings({ ...DEFAULT_SETTINGS, ...parseSettings({ latencyMs, listNames, clockOffsetMs, maxPerPage, dateHeader, totalCountShortBy }) });
  const store = options.statePath === undefined ? new MemoryStore() : new FileStore(options.statePath);
  const faults = new FaultQueue();
  faults.add(options.faults ?? []);
  const server = createEmulatorServer({
    store,
    faults,
    log: new RequestLog(),
    settings,
    customerCode: newCustomerCode(),
    identity: { pid: process.pid, state: options.statePath === undefined ? null : resolve(options.statePath) },
    token,
    host,
    controlToken: options.controlToken,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return { url, baseUrl: `${url}/client/v4`, store, close: () => close(server) };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would hold close() open until they time out.
    server.closeAllConnections();
  });
}

export { OPERATION_IDS, type OperationId } from "./api/routes";
export { LIST_NAMES, type ListNames, type Settings } from "./api/settings";
export type { EmulatorIdentity } from "./control/plane";
export type { RequestLogEntry } from "./control/request-log";
export type { FaultKind, FaultSpec } from "./faults/fault";
export type { FaultReport } from "./faults/queue";
export { DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID } from "./store/records";
export type { LivestreamRecord, LivestreamSessionRecord, LivestreamStatus } from "./store/records";
export type { LivestreamStore } from "./store/store";
