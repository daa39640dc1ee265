import { PREFIX, TOKEN, useEmulator } from "./helpers/emulator";

const CREATE = `${PREFIX}/livestreams`;

describe("faults", () => {
  const harness = useEmulator();
  const addFaults = async (faults: unknown) => {
    const response = await harness.control("POST", "/faults", faults);
    if (response.status !== 201) throw new Error(`adding faults failed: ${JSON.stringify(response.body)}`);
  };
  /** A create sent with plain fetch, so broken responses can be inspected. */
  const rawCreate = () =>
    fetch(`${harness.emulator.baseUrl}${CREATE}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: '{"name":"faulty"}',
    });
  const create = () => harness.api("POST", CREATE, { body: { name: "faulty" } });
  const stored = () => harness.emulator.store.list().length;
  const fired = async () => (await harness.control("GET", "/faults")).body.fired;

  it("status: answers the next matching call with that status in the v4 envelope, and the operation does not run", async () => {
    await addFaults({ operation: "create_livestream", kind: "status", status: 503 });
    const failed = await create();
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({
      success: false,
      errors: [{ code: 1000, message: "Service Unavailable" }],
      messages: [],
      result: null,
    });
    expect(stored()).toBe(0);
    expect((await create()).status).toBe(201);
  });

  it("status 429: code 971 with the retry-after and retry-after-ms asked for", async () => {
    await addFaults({ operation: "create_livestream", kind: "status", status: 429, retryAfter: 2, retryAfterMs: 150 });
    const response = await create();
    expect(response.status).toBe(429);
    expect(response.body.errors).toEqual([{ code: 971, message: "Please wait and consider throttling your request speed" }]);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(response.headers.get("retry-after-ms")).toBe("150");
  });

  it("status: sends an HTTP-date retry-after as given, and a chosen code and message", async () => {
    const date = "Wed, 21 Oct 2026 07:28:00 GMT";
    await addFaults({ operation: "*", kind: "status", status: 500, code: 10013, message: "Upstream failed", retryAfter: date });
    const response = await create();
    expect(response.status).toBe(500);
    expect(response.body.errors).toEqual([{ code: 10013, message: "Upstream failed" }]);
    expect(response.headers.get("retry-after")).toBe(date);
    expect(response.headers.get("retry-after-ms")).toBeNull();
  });

  it("count: fails the next N matching calls, then lets calls through", async () => {
    await addFaults({ operation: "create_livestream", kind: "status", status: 502, count: 2 });
    expect([(await create()).status, (await create()).status, (await create()).status]).toEqual([502, 502, 201]);
  });

  it("fires only on its operation, or on any operation with *", async () => {
    await addFaults({ operation: "fetch_all_livestreams", kind: "status", status: 504 });
    expect((await create()).status).toBe(201);
    expect((await harness.api("GET", CREATE)).status).toBe(504);
    await addFaults({ operation: "*", kind: "status", status: 500 });
    expect((await harness.api("GET", `${PREFIX}/analytics/livestreams/overall`)).status).toBe(500);
  });

  it("fires pending faults in the order they were added", async () => {
    await addFaults({
      faults: [
        { operation: "create_livestream", kind: "status", status: 503 },
        { operation: "*", kind: "status", status: 429 },
      ],
    });
    expect([(await create()).status, (await create()).status, (await create()).status]).toEqual([503, 429, 201]);
  });

  it("is not consumed by a request that fails authentication", async () => {
    await addFaults({ operation: "create_livestream", kind: "status", status: 503 });
    expect((await harness.api("POST", CREATE, { body: {}, authorization: "Bearer wrong" })).status).toBe(403);
    expect((await create()).status).toBe(503);
  });

  it("delay: waits, then the call proceeds normally", async () => {
    await addFaults({ operation: "create_livestream", kind: "delay", ms: 300 });
    const started = Date.now();
    const response = await create();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(201);
    expect(stored()).toBe(1);
  });

  it("reset-before: drops the connection and the livestream is not created", async () => {
    await addFaults({ operation: "create_livestream", kind: "reset-before" });
    await expect(rawCreate()).rejects.toThrow("fetch failed");
    expect(stored()).toBe(0);
  });

  it("reset-after: the livestream IS created and stored, then the connection drops without a response", async () => {
    await addFaults({ operation: "create_livestream", kind: "reset-after" });
    await expect(rawCreate()).rejects.toThrow("fetch failed");
    expect(harness.emulator.store.list()).toEqual([expect.objectContaining({ name: "faulty", status: "INVOKED" })]);
  });

  it("malformed-json: the operation runs, and the response has its status and a JSON type but a body that is not JSON", async () => {
    await addFaults({ operation: "create_livestream", kind: "malformed-json" });
    const response = await rawCreate();
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    await expect(response.json()).rejects.toThrow("is not valid JSON");
    expect(stored()).toBe(1);
  });

  it("html: answers 502 with a proxy's HTML page, and the operation does not run", async () => {
    await addFaults({ operation: "create_livestream", kind: "html" });
    const response = await rawCreate();
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(await response.text()).toContain("<title>502 Bad Gateway</title>");
    expect(stored()).toBe(0);
  });

  it("success-false: answers 200 with success false in the v4 envelope, and the operation does not run", async () => {
    await addFaults({ operation: "create_livestream", kind: "success-false", code: 7010, message: "Service unavailable" });
    const response = await create();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: false,
      errors: [{ code: 7010, message: "Service unavailable" }],
      messages: [],
      result: null,
    });
    expect(stored()).toBe(0);
  });

  it("truncated: the operation runs, then the body stops halfway short of its content-length", async () => {
    await addFaults({ operation: "create_livestream", kind: "truncated" });
    const response = await rawCreate();
    expect(response.status).toBe(201);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(100);
    await expect(response.text()).rejects.toThrow("terminated");
    expect(stored()).toBe(1);
  });

  it("counts fired faults by kind, and shows pending faults with the calls they have left", async () => {
    await addFaults({
      faults: [
        { operation: "create_livestream", kind: "status", status: 503, count: 3 },
        { operation: "create_livestream", kind: "delay", ms: 1 },
        { operation: "fetch_all_livestreams", kind: "html" },
      ],
    });
    await create();
    await create();
    expect(await harness.control("GET", "/faults")).toEqual(
      expect.objectContaining({
        status: 200,
        body: {
          pending: [
            { operation: "create_livestream", kind: "status", status: 503, count: 1 },
            { operation: "create_livestream", kind: "delay", ms: 1, count: 1 },
            { operation: "fetch_all_livestreams", kind: "html", count: 1 },
          ],
          fired: {
            status: 2,
            delay: 0,
            "reset-before": 0,
            "reset-after": 0,
            "malformed-json": 0,
            html: 0,
            "success-false": 0,
            truncated: 0,
          },
        },
      }),
    );
  });

  it("DELETE /__emulator/faults drops pending faults but keeps the counters; reset clears both", async () => {
    await addFaults({ operation: "create_livestream", kind: "status", status: 503, count: 5 });
    await create();
    expect((await harness.control("DELETE", "/faults")).body).toEqual({ ok: true });
    expect((await create()).status).toBe(201);
    expect((await harness.control("GET", "/faults")).body.pending).toEqual([]);
    expect((await fired()).status).toBe(1);
    await harness.control("POST", "/reset");
    expect((await fired()).status).toBe(0);
  });

  it("records the fault kind in the request log, with a null status when the connection dropped", async () => {
    await addFaults({ operation: "create_livestream", kind: "reset-after" });
    await rawCreate().catch(() => undefined);
    await create();
    const log = (await harness.control("GET", "/requests")).body;
    expect(log.map((entry: { status: number | null; fault: string | null }) => [entry.status, entry.fault])).toEqual([
      [null, "reset-after"],
      [201, null],
    ]);
  });

  it.each([
    [{ operation: "create_livestream", kind: "explode" }, 'Invalid fault: "kind" must be one of status, delay, reset-before, reset-after, malformed-json, html, success-false, truncated.'],
    [{ operation: "delete_livestream", kind: "html" }, expect.stringMatching(/^Invalid fault: "operation" must be "\*" or one of create_livestream, fetch_all_livestreams, /)],
    [{ operation: "*", kind: "status", status: 503, retry_after: 1 }, 'Invalid fault: field "retry_after" is not accepted for kind "status".'],
    [{ operation: "*", kind: "status", status: 200 }, 'Invalid fault: "status" must be an integer from 400 to 599.'],
    [{ operation: "*", kind: "status" }, 'Invalid fault: "status" must be an integer from 400 to 599.'],
    [{ operation: "*", kind: "html", count: 0 }, 'Invalid fault: "count" must be a positive integer.'],
    [{ operation: "*", kind: "delay" }, 'Invalid fault: "ms" must be a number of milliseconds, 0 or more.'],
    [{ operation: "*", kind: "status", status: 429, retryAfter: -1 }, 'Invalid fault: "retryAfter" must be seconds (a number) or an HTTP date (a string).'],
    [{ faults: "all" }, 'Invalid fault: "faults" must be an array.'],
  ])("rejects the fault %j with 400 and adds nothing", async (fault, message) => {
    const response = await harness.control("POST", "/faults", fault);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: message });
    expect((await harness.control("GET", "/faults")).body.pending).toEqual([]);
  });
});
