/** The HTTP client against the emulator: headers, reads retried, creates not, every failure typed. */
import { RealtimeKitClient } from "../../../provider/http/client";
import { ConnectError, InvalidResponseError, isAmbiguous, NetworkError, NotFoundError, RateLimitError, ServerError } from "../../../provider/http/errors";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../../helpers/emulator";
import { rawServer } from "../../helpers/raw-server";

const emulator = useEmulator();
const scope = { accountId: ACCOUNT_ID, appId: APP_ID };
const getOp = "get-v2-livestream-session-livestream-id" as const;

function client(options: { maxRetries?: number; timeoutMs?: number; baseUrl?: string } = {}) {
  const retries: string[] = [];
  const c = new RealtimeKitClient({
    baseUrl: options.baseUrl ?? emulator.baseUrl,
    apiToken: TOKEN,
    timeoutMs: options.timeoutMs ?? 2000,
    retry: { maxRetries: options.maxRetries ?? 2, baseDelayMs: 10, maxDelayMs: 20, rateLimitBudgetMs: 2000 },
    onRetry: (m) => retries.push(m),
  });
  return { c, retries };
}

describe("the RealtimeKit client", () => {
  it("sends the bearer token, a User-Agent naming the package, and JSON", async () => {
    const server = await rawServer(404, "application/json", JSON.stringify({ success: false, error: { code: 404, message: "nope" } }));
    try {
      await client({ baseUrl: server.baseUrl }).c.getLivestream(scope, "x");
    } finally {
      await server.close();
    }
    const seen = server.lastHeaders();
    expect(seen.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen["user-agent"]).toMatch(/^pulumi-realtimekit\/\d+\.\d+\.\d+$/);
    expect(seen.accept).toBe("application/json");
  });

  it("reads a livestream, and answers undefined for one that does not exist", async () => {
    const seeded = await emulator.seed({ name: "seeded" });
    const { c } = client();
    expect(await c.getLivestream(scope, seeded.id)).toMatchObject({ livestreamId: seeded.id, name: "seeded", streamKey: seeded.stream_key });
    expect(await c.getLivestream(scope, "11111111-2222-4333-8444-555555555555")).toBeUndefined();
  });

  it("reads a livestream's sessions across pages, and its active session", async () => {
    const seeded = await emulator.seed({ name: "s" });
    for (let i = 0; i < 101; i++) {
      await emulator.call("POST", "/sessions", { livestream_id: seeded.id, started_time: "2026-11-25T10:00:00.000Z", stopped_time: i < 100 ? "2026-11-25T11:00:00.000Z" : null, ingest_seconds: i, viewer_seconds: 1 });
    }
    const { c } = client();
    const sessions = await c.getLivestreamSessions(scope, seeded.id);
    expect(sessions).toHaveLength(101);
    expect(sessions!.reduce((sum, s) => sum + s.viewerSeconds, 0)).toBe(101);
    expect(await c.getActiveSession(scope, seeded.id)).toMatchObject({ ingestSeconds: 100, viewerSeconds: 1 });
    expect((await emulator.requests()).filter((r) => r.operation === getOp).map((r) => r.query.page_no)).toEqual(["1", "2", "3"]);
  });

  it("answers undefined for the sessions of a livestream that does not exist, or an active session when none is", async () => {
    const idle = await emulator.seed({ name: "idle" });
    const { c } = client();
    expect(await c.getLivestreamSessions(scope, "11111111-2222-4333-8444-555555555555")).toBeUndefined();
    expect(await c.getActiveSession(scope, idle.id)).toBeUndefined();
  });

  it("lists livestreams with the query it is given", async () => {
    await emulator.seed({ name: "a", status: "LIVE" });
    await emulator.seed({ name: "b", status: "IDLE" });
    const page = await client().c.listLivestreams(scope, { status: "LIVE", per_page: 10, page_no: 1 });
    expect(page.livestreams.map((l) => l.name)).toEqual(["a"]);
    expect((await emulator.requests()).at(-1)?.query).toEqual({ status: "LIVE", per_page: "10", page_no: "1" });
  });

  it.each([
    { kind: "status" as const, status: 503 },
    { kind: "reset-before" as const },
  ])("retries a read after %o and logs each retry without secrets", async (fault) => {
    const seeded = await emulator.seed({ name: "r" });
    await emulator.faults({ operation: getOp, count: 2, ...fault });
    const { c, retries } = client();
    expect(await c.getLivestream(scope, seeded.id)).toMatchObject({ livestreamId: seeded.id });
    expect(await emulator.calls()).toEqual(Array(3).fill(`GET ${getOp}`));
    expect(retries).toHaveLength(2);
    expect(retries[1]).toMatch(/^GET \/accounts\/.+\/livestreams\/.+: .+; retry 2 of 2 in \d+ ms$/);
    expect(retries.join()).not.toContain(TOKEN);
    expect(retries.join()).not.toContain(seeded.stream_key);
  });

  it("waits out 429s beyond maxRetries, a create too, since Cloudflare did nothing", async () => {
    const seeded = await emulator.seed({ name: "r" });
    await emulator.faults({ operation: getOp, count: 4, kind: "status", status: 429, retryAfter: 0 }, { operation: "create_livestream", count: 5, kind: "status", status: 429, retryAfterMs: 10 });
    const { c, retries } = client({ maxRetries: 1 });
    expect(await c.getLivestream(scope, seeded.id)).toMatchObject({ livestreamId: seeded.id });
    const created = await c.createLivestream(scope, "after-429s");
    expect(await emulator.calls()).toEqual([...Array(5).fill(`GET ${getOp}`), ...Array(6).fill("POST create_livestream")]);
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([seeded.id, created.livestreamId]);
    expect(retries[3]).toMatch(/^GET \/accounts\/.+\/livestreams\/.+: Rate limited by Cloudflare\. .+; wait 4 in 0 ms$/);
    expect(retries[8]).toMatch(/^POST \/accounts\/.+\/livestreams: Rate limited by Cloudflare\. .+; wait 5 in 10 ms$/);
  });

  it("gives up on 429s that ask for no wait at all once the budget's time has passed, instead of looping", async () => {
    const seeded = await emulator.seed({});
    await emulator.faults({ operation: getOp, count: 1_000_000, kind: "status", status: 429, retryAfter: 0 });
    await expect(client().c.getLivestream(scope, seeded.id)).rejects.toBeInstanceOf(RateLimitError);
    expect((await emulator.calls()).length).toBeGreaterThan(1);
    await emulator.call("DELETE", "/faults");
  });

  it("gives up after maxRetries with the last error's class", async () => {
    const seeded = await emulator.seed({});
    await emulator.faults({ operation: getOp, count: 5, kind: "status", status: 502 });
    await expect(client({ maxRetries: 1 }).c.getLivestream(scope, seeded.id)).rejects.toBeInstanceOf(ServerError);
    expect(await emulator.calls()).toHaveLength(2);
  });

  it("fails at once when Retry-After asks for more than the rate-limit budget", async () => {
    const seeded = await emulator.seed({});
    await emulator.faults({ operation: getOp, kind: "status", status: 429, retryAfter: 3600 });
    await expect(client().c.getLivestream(scope, seeded.id)).rejects.toBeInstanceOf(RateLimitError);
    expect(await emulator.calls()).toHaveLength(1);
  });

  it("times out, and says so", async () => {
    const seeded = await emulator.seed({});
    await emulator.faults({ operation: getOp, kind: "delay", ms: 800 });
    const error = await client({ maxRetries: 0, timeoutMs: 200 }).c.getLivestream(scope, seeded.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(`No answer from Cloudflare within 0.2 s (GET /accounts/${ACCOUNT_ID}/realtime/kit/${APP_ID}/livestreams/${seeded.id})`);
  });

  it.each(["html", "malformed-json", "truncated", "success-false"] as const)("turns a %s answer into a clear error", async (kind) => {
    const seeded = await emulator.seed({});
    await emulator.faults({ operation: getOp, kind, count: 5 });
    const error = await client({ maxRetries: 0 }).c.getLivestream(scope, seeded.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kind === "html" ? ServerError : InvalidResponseError);
    expect(String(error)).not.toContain(TOKEN);
  });

  it("refuses a body larger than 5 MiB", async () => {
    const server = await rawServer(200, "application/json", `{"success":true,"data":"${"x".repeat(6 * 1024 * 1024)}"}`);
    try {
      await expect(client({ baseUrl: server.baseUrl, maxRetries: 0 }).c.getLivestream(scope, "x")).rejects.toBeInstanceOf(InvalidResponseError);
    } finally {
      await server.close();
    }
  });

  it("explains a create route that Cloudflare no longer has", async () => {
    const server = await rawServer(404, "application/json", JSON.stringify({ success: false, errors: [{ code: 7000, message: "No route for that URI" }], messages: [], result: null }));
    try {
      const error = await client({ baseUrl: server.baseUrl }).c.createLivestream(scope, "n").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 7000 });
      expect((error as Error).message).toMatch(/^Cloudflare has no route for creating independent livestreams\. .*removed createIndependentLivestream in 7\.2\.0.*'adoptLivestreamId' instead \(POST \/accounts\/.*\/livestreams, HTTP 404, code 7000\)$/);
    } finally {
      await server.close();
    }
  });

  it("reports a refused connection as a ConnectError naming the host and the operation: nothing was sent", async () => {
    const server = await rawServer(200, "text/plain", "");
    const baseUrl = server.baseUrl;
    await server.close();
    const error = await client({ baseUrl, maxRetries: 0 }).c.getLivestream(scope, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(isAmbiguous(error)).toBe(false);
    expect((error as Error).message).toBe(
      `Could not connect to ${new URL(baseUrl).host} (ECONNREFUSED), so nothing was sent: check the base URL (config 'realtimekit:baseUrl' or CLOUDFLARE_BASE_URL) and the network ` +
        `(GET /accounts/${ACCOUNT_ID}/realtime/kit/${APP_ID}/livestreams/x)`,
    );
  });

  it("retries a read whose connection was refused, as it may be a moment's outage", async () => {
    const server = await rawServer(200, "text/plain", "");
    const baseUrl = server.baseUrl;
    await server.close();
    const { c, retries } = client({ baseUrl, maxRetries: 2 });
    await expect(c.getLivestream(scope, "x")).rejects.toBeInstanceOf(ConnectError);
    expect(retries).toHaveLength(2);
  });
});
