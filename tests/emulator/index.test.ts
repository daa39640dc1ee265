import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, DEFAULT_EMULATOR_TOKEN, startEmulator, type RunningEmulator } from "../../emulator";
import { PREFIX, request } from "./helpers/emulator";

describe("startEmulator", () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it("listens on a free port of 127.0.0.1 and gives the client base URL under /client/v4", async () => {
    emulator = await startEmulator();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
    expect(emulator.baseUrl).toBe(`${emulator.url}/client/v4`);
    expect((await request("GET", `${emulator.url}/__emulator/health`, {})).body).toEqual({ ok: true });
  });

  it("says whose it is: its process, and its state file (none when in memory)", async () => {
    emulator = await startEmulator();
    expect((await request("GET", `${emulator.url}/__emulator/identity`, {})).body).toEqual({ pid: process.pid, state: null });
    await emulator.close();
    const directory = mkdtempSync(join(tmpdir(), "rtk-identity-"));
    try {
      // A relative path, as a command line gives it: the identity is absolute, to compare with a script's own file.
      emulator = await startEmulator({ statePath: relative(process.cwd(), join(directory, "state.json")) });
      expect((await request("GET", `${emulator.url}/__emulator/identity`, {})).body).toEqual({ pid: process.pid, state: join(realpathSync(directory), "state.json") });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("accepts the development default token when none is configured", async () => {
    expect(DEFAULT_EMULATOR_TOKEN).toBe("emulator-dev-token");
    emulator = await startEmulator();
    const headers = { authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}` };
    expect((await request("GET", `${emulator.baseUrl}${PREFIX}/livestreams`, { headers })).status).toBe(200);
  });

  it("accepts only the configured token when one is given", async () => {
    emulator = await startEmulator({ token: "configured" });
    const list = (token: string) =>
      request("GET", `${emulator?.baseUrl}${PREFIX}/livestreams`, { headers: { authorization: `Bearer ${token}` } });
    expect((await list("configured")).status).toBe(200);
    expect((await list(DEFAULT_EMULATOR_TOKEN)).status).toBe(403);
  });

  it("adds latencyMs to API requests but not to control-plane requests", async () => {
    emulator = await startEmulator({ latencyMs: 1500 });
    const headers = { authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}` };
    // Ordering, not timing: the control plane answers while the delayed API request still waits.
    const started = Date.now();
    let apiDone = false;
    const api = request("GET", `${emulator.baseUrl}${PREFIX}/livestreams`, { headers }).then(() => (apiDone = true));
    await request("GET", `${emulator.url}/__emulator/health`, {});
    expect(apiDone).toBe(false);
    await api;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1450);
  });

  it("exports the account and app that seeds default to: those of Cloudflare's API reference examples", () => {
    expect(DEFAULT_ACCOUNT_ID).toBe("023e105f4ecef8ad9ca31a8372d0c353");
    expect(DEFAULT_APP_ID).toBe("14a396e7-ca44-4937-bf1f-050a69118543");
  });

  it("takes the runtime settings as options, as the control plane then shows them", async () => {
    emulator = await startEmulator({ listNames: "absent", clockOffsetMs: -5000, latencyMs: 0, maxPerPage: 3, dateHeader: false, totalCountShortBy: 1 });
    const settings = await request("GET", `${emulator.url}/__emulator/settings`, {});
    expect(settings.body).toEqual({ listNames: "absent", clockOffsetMs: -5000, latencyMs: 0, maxPerPage: 3, dateHeader: false, totalCountShortBy: 1 });
  });

  it("rejects a bad setting before it listens, naming the setting and what is allowed", async () => {
    await expect(startEmulator({ maxPerPage: 0 })).rejects.toThrow('Setting "maxPerPage" must be a positive whole number, or null for no cap, got 0.');
  });

  it("starts with the faults it is given pending", async () => {
    emulator = await startEmulator({ faults: [{ operation: "fetch_all_livestreams", kind: "status", status: 503 }] });
    const headers = { authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}` };
    expect((await request("GET", `${emulator.baseUrl}${PREFIX}/livestreams`, { headers })).status).toBe(503);
  });

  it("stops listening on close, even with a keep-alive connection open", async () => {
    const running = await startEmulator();
    await request("GET", `${running.url}/__emulator/health`, {});
    await running.close();
    await expect(fetch(`${running.url}/__emulator/health`)).rejects.toThrow("fetch failed");
  });

  it("rejects when the port is taken", async () => {
    emulator = await startEmulator();
    const port = Number(new URL(emulator.url).port);
    await expect(startEmulator({ port })).rejects.toThrow("EADDRINUSE");
  });
});
