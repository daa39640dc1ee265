/**
 * Starts the emulator in-process on a free loopback port for one test file, resets it before each
 * test, and talks to its control plane over HTTP the way a user's test would.
 */
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_APP_ID,
  DEFAULT_EMULATOR_TOKEN,
  EmulatorOptions,
  FaultSpec,
  RequestLogEntry,
  RunningEmulator,
  Settings,
  startEmulator,
} from "../../emulator";

export const TOKEN = DEFAULT_EMULATOR_TOKEN;
export const ACCOUNT_ID = DEFAULT_ACCOUNT_ID;
export const APP_ID = DEFAULT_APP_ID;

export interface EmulatorLivestream {
  id: string;
  /** The account and app it belongs to; seeds default to ACCOUNT_ID and APP_ID. */
  account_id: string;
  app_id: string;
  name: string | null;
  status: string;
  disabled: boolean;
  stream_key: string;
  ingest_server: string;
  playback_url: string;
  meeting_id: string | null;
  created_at: string;
  updated_at: string;
}

export class EmulatorControl {
  constructor(readonly running: RunningEmulator) {}

  get baseUrl(): string {
    return this.running.baseUrl;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.running.url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control plane ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  reset = () => this.call("POST", "/reset");
  livestreams = () => this.call<EmulatorLivestream[]>("GET", "/livestreams");
  seed = (fields: Partial<EmulatorLivestream> = {}) => this.call<EmulatorLivestream>("POST", "/livestreams", fields);
  change = (id: string, fields: Partial<EmulatorLivestream>) => this.call("PATCH", `/livestreams/${id}`, fields);
  vanish = (id: string) => this.call("DELETE", `/livestreams/${id}`);
  faults = (...faults: FaultSpec[]) => this.call("POST", "/faults", { faults });
  requests = () => this.call<RequestLogEntry[]>("GET", "/requests");
  /** The runtime settings (list names, clock offset, latency, page cap); reset restores those it started with. */
  settings = () => this.call<Settings>("GET", "/settings");
  changeSettings = (patch: Partial<Settings>) => this.call<Settings>("PATCH", "/settings", patch);

  /** API requests only (the control plane is not logged), as `METHOD operation`. */
  async calls(): Promise<string[]> {
    return (await this.requests()).map((r) => `${r.method} ${r.operation}`);
  }
}

/**
 * One emulator for the file, clean before each test (its settings back to `options`) unless the tests are ordered
 * steps of one story.
 */
export function useEmulator({ resetBeforeEach = true, options = {} as EmulatorOptions } = {}): EmulatorControl {
  const control = new EmulatorControl(undefined as unknown as RunningEmulator);
  beforeAll(async () => {
    (control as { running: RunningEmulator }).running = await startEmulator({ port: 0, ...options });
  });
  if (resetBeforeEach) beforeEach(() => control.reset());
  afterAll(() => control.running.close());
  return control;
}
