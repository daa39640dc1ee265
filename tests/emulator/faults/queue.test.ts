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
            hold: 0,
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
});
