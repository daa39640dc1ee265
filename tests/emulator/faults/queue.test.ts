import { PREFIX, useEmulator } from "../helpers/emulator";

const CREATE = `${PREFIX}/livestreams`;

describe("the fault queue", () => {
  const harness = useEmulator();
  const create = () => harness.api("POST", CREATE, { body: { name: "faulty" } });
  const fired = async () => (await harness.control("GET", "/faults")).body.fired;

  it("count: fails the next N matching calls, then lets calls through", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "status", status: 502, count: 2 });
    expect([(await create()).status, (await create()).status, (await create()).status]).toEqual([502, 502, 201]);
  });

  it("fires only on its operation, or on any operation with *", async () => {
    await harness.addFaults({ operation: "fetch_all_livestreams", kind: "status", status: 504 });
    expect((await create()).status).toBe(201);
    expect((await harness.api("GET", CREATE)).status).toBe(504);
    await harness.addFaults({ operation: "*", kind: "status", status: 500 });
    expect((await harness.api("GET", `${PREFIX}/analytics/livestreams/overall`)).status).toBe(500);
  });

  it("fires pending faults in the order they were added", async () => {
    await harness.addFaults({
      faults: [
        { operation: "create_livestream", kind: "status", status: 503 },
        { operation: "*", kind: "status", status: 429 },
      ],
    });
    expect([(await create()).status, (await create()).status, (await create()).status]).toEqual([503, 429, 201]);
  });

  it("is not consumed by a request that fails authentication", async () => {
    await harness.addFaults({ operation: "create_livestream", kind: "status", status: 503 });
    expect((await harness.api("POST", CREATE, { body: {}, authorization: "Bearer wrong" })).status).toBe(403);
    expect((await create()).status).toBe(503);
  });

  it("counts fired faults by kind, and shows pending faults with the calls they have left", async () => {
    await harness.addFaults({
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
    await harness.addFaults({ operation: "create_livestream", kind: "status", status: 503, count: 5 });
    await create();
    expect((await harness.control("DELETE", "/faults")).body).toEqual({ ok: true });
    expect((await create()).status).toBe(201);
    expect((await harness.control("GET", "/faults")).body.pending).toEqual([]);
    expect((await fired()).status).toBe(1);
    await harness.control("POST", "/reset");
    expect((await fired()).status).toBe(0);
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
