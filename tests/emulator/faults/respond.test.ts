import { FAULT_KINDS, type FaultKind } from "../../../emulator/faults/fault";
import { PREFIX, TOKEN, useEmulator } from "../helpers/emulator";

const CREATE = `${PREFIX}/livestreams`;

describe("each fault kind", () => {
  const harness = useEmulator();
  /** A create sent with plain fetch, so broken responses can be inspected. */
  const rawCreate = () =>
    fetch(`${harness.emulator.baseUrl}${CREATE}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: '{"name":"faulty"}',
    });
  const create = () => harness.api("POST", CREATE, { body: { name: "faulty" } });
  const stored = () => harness.emulator.store.list().length;
  /** Asserts the fault counters show exactly one fault fired, of this kind. */
  const expectFiredOnce = async (kind: FaultKind) => {
    const counts = Object.fromEntries(FAULT_KINDS.map((each) => [each, each === kind ? 1 : 0]));
    expect((await harness.control("GET", "/faults")).body.fired).toEqual(counts);
  };

  it("status: answers the next matching call with that status in the v4 envelope, and the operation does not run", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "status", status: 503 });
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
    await expectFiredOnce("status");
  });

  it("status 429: code 971 with the retry-after and retry-after-ms asked for", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "status", status: 429, retryAfter: 2, retryAfterMs: 150 });
    const response = await create();
    expect(response.status).toBe(429);
    expect(response.body.errors).toEqual([{ code: 971, message: "Please wait and consider throttling your request speed" }]);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(response.headers.get("retry-after-ms")).toBe("150");
    await expectFiredOnce("status");
  });

  it("status: sends an HTTP-date retry-after as given, and a chosen code and message", async () => {
    const date = "Wed, 21 Oct 2026 07:28:00 GMT";
    await harness.addFaults({ operation: "*", kind: "status", status: 500, code: 10013, message: "Upstream failed", retryAfter: date });
    const response = await create();
    expect(response.status).toBe(500);
    expect(response.body.errors).toEqual([{ code: 10013, message: "Upstream failed" }]);
    expect(response.headers.get("retry-after")).toBe(date);
    expect(response.headers.get("retry-after-ms")).toBeNull();
    await expectFiredOnce("status");
  });

  it("delay: waits, then the call proceeds normally (nothing is stored during the wait)", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "delay", ms: 300 });
    const started = Date.now();
    const pending = create();
    await sleep(150);
    expect(stored()).toBe(0);
    const response = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(201);
    expect(stored()).toBe(1);
    await expectFiredOnce("delay");
  });

  it("hold: the operation runs at once (a create is stored), and its answer comes ms later", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "hold", ms: 300 });
    const started = Date.now();
    const pending = create();
    await sleep(150);
    expect(harness.emulator.store.list()).toEqual([expect.objectContaining({ name: "faulty" })]);
    const response = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(201);
    expect(response.body.data.id).toBe(harness.emulator.store.list()[0].id);
    expect(stored()).toBe(1);
    await expectFiredOnce("hold");
  });

  it("reset-before: drops the connection and the livestream is not created", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "reset-before" });
    await expect(rawCreate()).rejects.toThrow("fetch failed");
    expect(stored()).toBe(0);
    await expectFiredOnce("reset-before");
  });

  it("reset-after: the livestream IS created and stored, then the connection drops without a response", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "reset-after" });
    await expect(rawCreate()).rejects.toThrow("fetch failed");
    expect(harness.emulator.store.list()).toEqual([expect.objectContaining({ name: "faulty", status: "INVOKED" })]);
    await expectFiredOnce("reset-after");
  });

  it("malformed-json: the operation runs, and the response has its status and a JSON type but a body that is not JSON", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "malformed-json" });
    const response = await rawCreate();
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    await expect(response.json()).rejects.toThrow("is not valid JSON");
    expect(stored()).toBe(1);
    await expectFiredOnce("malformed-json");
  });

  it("html: answers 502 with a proxy's HTML page, and the operation does not run", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "html" });
    const response = await rawCreate();
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(await response.text()).toContain("<title>502 Bad Gateway</title>");
    expect(stored()).toBe(0);
    await expectFiredOnce("html");
  });

  it("success-false: answers 200 with success false in the v4 envelope, and the operation does not run", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "success-false", code: 7010, message: "Service unavailable" });
    const response = await create();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: false,
      errors: [{ code: 7010, message: "Service unavailable" }],
      messages: [],
      result: null,
    });
    expect(stored()).toBe(0);
    await expectFiredOnce("success-false");
  });

  it("truncated: the operation runs, then the body stops halfway short of its content-length", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "truncated" });
    const response = await rawCreate();
    expect(response.status).toBe(201);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(100);
    await expect(response.text()).rejects.toThrow("terminated");
    expect(stored()).toBe(1);
    await expectFiredOnce("truncated");
  });

  it("records the fault kind in the request log, with a null status when the connection dropped", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "reset-after" });
    await rawCreate().catch(() => undefined);
    await create();
    const log = (await harness.control("GET", "/requests")).body;
    expect(log.map((entry: { status: number | null; fault: string | null }) => [entry.status, entry.fault])).toEqual([
      [null, "reset-after"],
      [201, null],
    ]);
  });

});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
