/**
 * Starts an emulator on 127.0.0.1:0 for one suite and talks to it over real HTTP with Node's fetch: the API with the
 * suite's token, and the control plane. The emulator is reset before each test.
 */
import { DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";

export const ACCOUNT_ID = DEFAULT_ACCOUNT_ID;
export const APP_ID = DEFAULT_APP_ID;
export const MEETING_ID = "bbb87945-df1c-49d9-8159-262a7ae6cfde";
export const TOKEN = "suite-token-0123456789";
export const PREFIX = `/accounts/${ACCOUNT_ID}/realtime/kit/${APP_ID}`;

export interface JsonResponse {
  status: number;
  headers: Headers;
  // Tests index freely into response JSON and then assert exact values with toEqual, so a static type would only
  // add casts; `any` is confined to this field.
  body: any;
}

export interface ApiOptions {
  body?: unknown;
  /** Raw request body, sent as is (for invalid JSON). */
  rawBody?: string;
  /** Replaces the default `Authorization: Bearer <TOKEN>`; null sends no Authorization header. */
  authorization?: string | null;
  headers?: Record<string, string>;
}

export interface Harness {
  readonly emulator: RunningEmulator;
  /** Calls the API at `baseUrl + path` (path like `${PREFIX}/livestreams`). */
  api(method: string, path: string, options?: ApiOptions): Promise<JsonResponse>;
  /** Calls the control plane at `url + /__emulator + path`. */
  control(method: string, path: string, body?: unknown): Promise<JsonResponse>;
  /** Queues faults through the control plane (one fault or `{faults: [...]}`); throws if they are refused. */
  addFaults(faults: unknown): Promise<void>;
}

/** Registers beforeAll/afterAll/beforeEach hooks for the enclosing describe block. */
export function useEmulator(options: EmulatorOptions = {}): Harness {
  let running: RunningEmulator | undefined;
  const emulator = (): RunningEmulator => {
    if (!running) throw new Error("The emulator is not running: use the harness inside a test.");
    return running;
  };
  beforeAll(async () => {
    running = await startEmulator({ token: TOKEN, ...options });
  });
  afterAll(async () => {
    await running?.close();
  });
  const control = (method: string, path: string, body?: unknown) =>
    request(method, `${emulator().url}/__emulator${path}`, { body: body === undefined ? undefined : JSON.stringify(body) });
  beforeEach(async () => {
    await control("POST", "/reset");
  });
  return {
    get emulator() {
      return emulator();
    },
    api: (method, path, apiOptions = {}) => {
      const authorization = apiOptions.authorization === undefined ? `Bearer ${TOKEN}` : apiOptions.authorization;
      const headers: Record<string, string> = { ...apiOptions.headers };
      if (authorization !== null) headers.authorization = authorization;
      const body = apiOptions.rawBody ?? (apiOptions.body === undefined ? undefined : JSON.stringify(apiOptions.body));
      if (body !== undefined) headers["content-type"] = "application/json";
      return request(method, `${emulator().baseUrl}${path}`, { headers, body });
    },
    control,
    addFaults: async (faults) => {
      const response = await control("POST", "/faults", faults);
      if (response.status !== 201) throw new Error(`adding faults failed: ${JSON.stringify(response.body)}`);
    },
  };
}

/** One HTTP exchange; the body is parsed as JSON when it is JSON, else left as text. */
export async function request(
  method: string,
  url: string,
  init: { headers?: Record<string, string>; body?: string },
): Promise<JsonResponse> {
  const response = await fetch(url, { method, headers: init.headers, body: init.body });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  return { status: response.status, headers: response.headers, body: isJson && text !== "" ? JSON.parse(text) : text };
}

/** Creates an independent livestream through the API and returns its `data`. */
export async function createLivestream(harness: Harness, body: unknown = {}): Promise<JsonResponse["body"]> {
  const response = await harness.api("POST", `${PREFIX}/livestreams`, { body });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data;
}

/** A stored livestream as the API shows it: the account and app it belongs to are in the path, not the body. */
export function asShown<T extends { account_id: string; app_id: string }>(record: T | undefined): Omit<T, "account_id" | "app_id"> {
  if (!record) throw new Error("no such livestream stored");
  const { account_id: _account, app_id: _app, ...shown } = record;
  return shown;
}
