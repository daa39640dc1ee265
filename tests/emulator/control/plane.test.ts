import { ACCOUNT_ID, APP_ID, asShown, createLivestream, MEETING_ID, PREFIX, TOKEN, useEmulator } from "../helpers/emulator";

const UNKNOWN_ID = "3fd739f4-3c41-456e-bfba-6ebd51e16d2c";

describe("the control plane", () => {
  const harness = useEmulator();

  it("answers health without a token", async () => {
    expect(await harness.control("GET", "/health")).toEqual(expect.objectContaining({ status: 200, body: { ok: true } }));
  });

  it("is not part of the API: /client/v4/__emulator/health is no route", async () => {
    const response = await harness.api("GET", "/__emulator/health");
    expect(response.status).toBe(404);
    expect(response.body.errors).toEqual([{ code: 7000, message: "No route for that URI" }]);
  });

  it("answers an unknown control endpoint with 404", async () => {
    const response = await harness.control("GET", "/nothing");
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "No control endpoint GET /__emulator/nothing." });
  });

  it("reset clears livestreams, sessions, faults and the request log", async () => {
    const { id } = await createLivestream(harness);
    await harness.control("POST", "/sessions", { livestream_id: id });
    await harness.control("POST", "/faults", { operation: "*", kind: "html" });
    expect((await harness.control("POST", "/reset")).body).toEqual({ ok: true });
    expect((await harness.control("GET", "/livestreams")).body).toEqual([]);
    expect((await harness.control("GET", "/sessions")).body).toEqual([]);
    expect((await harness.control("GET", "/faults")).body.pending).toEqual([]);
    expect((await harness.control("GET", "/requests")).body).toEqual([]);
  });

  describe("seeding", () => {
    it("stores a minted livestream with the given fields laid over it, and returns the whole record", async () => {
      const response = await harness.control("POST", "/livestreams", { name: "seeded name", status: "LIVE", meeting_id: MEETING_ID });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        account_id: ACCOUNT_ID,
        app_id: APP_ID,
        name: "seeded name",
        meeting_id: MEETING_ID,
        disabled: false,
        ingest_server: "rtmps://live.cloudflare.com:443/live/",
        playback_url: expect.stringMatching(/^https:\/\/customer-/),
        status: "LIVE",
        stream_key: expect.stringMatching(/^[0-9a-f]{32}k[0-9a-f]{32}$/),
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const listed = await harness.api("GET", `${PREFIX}/livestreams`);
      expect(listed.body.data).toEqual([asShown(response.body)]);
    });

    it("puts a seed in the account and app it names (the app id in lower case), by default those of the API examples", async () => {
      const account_id = "99999999999999999999999999999999";
      const app_id = "0B1E3F5A-4C2D-4E6F-8A9B-123456789ABC";
      const elsewhere = await harness.control("POST", "/livestreams", { account_id, app_id });
      expect(elsewhere.body).toMatchObject({ account_id, app_id: app_id.toLowerCase() });
      expect((await harness.control("POST", "/livestreams", {})).body).toMatchObject({ account_id: ACCOUNT_ID, app_id: APP_ID });
    });

    it("dates a seed given only a past created_at as last updated then too, and the list sorts and filters by it", async () => {
      const old = (await harness.control("POST", "/livestreams", { name: "same", created_at: "2020-01-01T00:00:00.000Z" })).body;
      expect(old.updated_at).toBe("2020-01-01T00:00:00.000Z");
      const recent = await createLivestream(harness, { name: "same" });
      const ids = async (query: string) =>
        (await harness.api("GET", `${PREFIX}/livestreams${query}`)).body.data.map((item: { id: string }) => item.id);
      expect(await ids("")).toEqual([recent.id, old.id]);
      expect(await ids("?sort_order=ASC")).toEqual([old.id, recent.id]);
      expect(await ids("?start_time=2021-01-01T00:00:00Z")).toEqual([recent.id]);
      expect(await ids("?end_time=2021-01-01T00:00:00Z")).toEqual([old.id]);
    });

    it("accepts a body-less seed", async () => {
      const response = await fetch(`${harness.emulator.url}/__emulator/livestreams`, { method: "POST" });
      expect(response.status).toBe(201);
      expect(harness.emulator.store.list()).toHaveLength(1);
    });

    it.each([
      [{ colour: "blue" }, 'Field "colour" is not accepted here.'],
      [{ status: "OFFLINE" }, 'Field "status" must be one of LIVE, IDLE, ERRORED, INVOKED.'],
      [{ disabled: "no" }, 'Field "disabled" must be a boolean.'],
      [{ created_at: "yesterday" }, 'Field "created_at" must be an ISO 8601 time.'],
      [{ name: 7 }, 'Field "name" must be a string or null.'],
      [{ account_id: "ACCOUNT" }, 'Field "account_id" must be 32 lowercase hex characters (an account id).'],
      [{ app_id: "my-app" }, 'Field "app_id" must be a UUID (an app id).'],
      [[], "The body must be a JSON object."],
    ])("rejects the seed %j with 400", async (body, error) => {
      const response = await harness.control("POST", "/livestreams", body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error });
      expect(harness.emulator.store.list()).toEqual([]);
    });

    it("rejects a body that is not JSON with 400", async () => {
      const response = await fetch(`${harness.emulator.url}/__emulator/livestreams`, { method: "POST", body: "{" });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "The body is not valid JSON." });
    });

    it("stores a session of a stored livestream, and refuses one of an unknown livestream", async () => {
      const { id } = await createLivestream(harness);
      const response = await harness.control("POST", "/sessions", { livestream_id: id, viewer_seconds: 12.5, err_message: null });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        livestream_id: id,
        session_id: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        started_time: expect.any(String),
        stopped_time: null,
        invoked_time: null,
        err_message: null,
        ingest_seconds: 0,
        viewer_seconds: 12.5,
      });
      expect((await harness.control("GET", "/sessions")).body).toEqual([response.body]);
      const unknown = await harness.control("POST", "/sessions", { livestream_id: UNKNOWN_ID });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({ error: '"livestream_id" must name a stored livestream.' });
    });
  });

  describe("out-of-band changes", () => {
    it("PATCH changes a livestream as the API then shows it, and bumps updated_at", async () => {
      const created = await createLivestream(harness);
      const before = harness.emulator.store.get(created.id);
      const response = await harness.control("PATCH", `/livestreams/${created.id}`, { status: "LIVE", disabled: true, name: "renamed" });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...before, status: "LIVE", disabled: true, name: "renamed", updated_at: expect.any(String) });
      expect(Date.parse(response.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(String(before?.updated_at)));
      expect((await harness.api("GET", `${PREFIX}/livestreams/${created.id}`)).body.data.livestream).toEqual(asShown(response.body));
    });

    it("PATCH refuses to change the id, account or app, and answers an unknown livestream with 404", async () => {
      const { id } = await createLivestream(harness);
      expect((await harness.control("PATCH", `/livestreams/${id}`, { id: UNKNOWN_ID })).body).toEqual({
        error: 'Field "id" is not accepted here.',
      });
      expect((await harness.control("PATCH", `/livestreams/${id}`, { app_id: UNKNOWN_ID })).body).toEqual({
        error: 'Field "app_id" is not accepted here.',
      });
      const unknown = await harness.control("PATCH", `/livestreams/${UNKNOWN_ID}`, { status: "LIVE" });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: `No livestream ${UNKNOWN_ID}.` });
    });

    it("DELETE makes a livestream vanish, so the API answers 404 for it", async () => {
      const { id } = await createLivestream(harness);
      expect((await harness.control("DELETE", `/livestreams/${id}`)).body).toEqual({ ok: true });
      expect((await harness.api("GET", `${PREFIX}/livestreams/${id}`)).status).toBe(404);
      expect((await harness.control("DELETE", `/livestreams/${id}`)).status).toBe(404);
    });

    it("GET /livestreams lists the raw records", async () => {
      const { id } = await createLivestream(harness);
      expect((await harness.control("GET", "/livestreams")).body).toEqual([harness.emulator.store.get(id)]);
    });
  });

  describe("the request log", () => {
    it("records method, path, query, operation, status, time and User-Agent of each API request, and no control-plane request", async () => {
      const before = new Date().toISOString();
      await createLivestream(harness);
      await harness.api("GET", `${PREFIX}/livestreams?status=LIVE&per_page=5`);
      await harness.api("GET", "/zones");
      await harness.api("GET", `${PREFIX}/livestreams`, { authorization: null });
      await harness.control("GET", "/health");
      const log = (await harness.control("GET", "/requests")).body;
      expect(log).toEqual([
        { method: "POST", path: `/client/v4${PREFIX}/livestreams`, query: {}, operation: "create_livestream", status: 201, fault: null, timestamp: expect.any(String), userAgent: "node" },
        {
          method: "GET",
          path: `/client/v4${PREFIX}/livestreams`,
          query: { status: "LIVE", per_page: "5" },
          operation: "fetch_all_livestreams",
          status: 200,
          fault: null,
          timestamp: expect.any(String),
          userAgent: "node",
        },
        { method: "GET", path: "/client/v4/zones", query: {}, operation: null, status: 404, fault: null, timestamp: expect.any(String), userAgent: "node" },
        { method: "GET", path: `/client/v4${PREFIX}/livestreams`, query: {}, operation: "fetch_all_livestreams", status: 400, fault: null, timestamp: expect.any(String), userAgent: "node" },
      ]);
      expect(log[0].timestamp >= before).toBe(true);
    });

    it("never holds the token, any header but the User-Agent, or a stream key", async () => {
      const created = await createLivestream(harness);
      const started = await harness.api("POST", `${PREFIX}/meetings/${MEETING_ID}/livestreams`, { body: {} });
      await harness.api("GET", `${PREFIX}/livestreams/${created.id}`);
      await harness.api("GET", `${PREFIX}/livestreams`, { authorization: "Bearer wrong-token-value" });
      const log = JSON.stringify((await harness.control("GET", "/requests")).body);
      expect(log).not.toContain(TOKEN);
      expect(log).not.toContain("wrong-token-value");
      expect(log).not.toContain(created.stream_key);
      expect(log).not.toContain(started.body.data.stream_key);
      expect(log.toLowerCase()).not.toContain("authorization");
      expect(log.toLowerCase()).not.toContain("bearer");
    });

    it("DELETE /__emulator/requests clears it", async () => {
      await createLivestream(harness);
      expect((await harness.control("DELETE", "/requests")).body).toEqual({ ok: true });
      expect((await harness.control("GET", "/requests")).body).toEqual([]);
    });
  });
});
