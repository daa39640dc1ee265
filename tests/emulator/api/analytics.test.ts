import { createLivestream, PREFIX, useEmulator } from "../helpers/emulator";

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe("livestream analytics", () => {
  const harness = useEmulator();
  const overall = (query = "") => harness.api("GET", `${PREFIX}/analytics/livestreams/overall${query}`);
  const daywise = (query = "") => harness.api("GET", `${PREFIX}/analytics/livestreams/daywise${query}`);

  beforeEach(async () => {
    const first = await createLivestream(harness);
    const second = await createLivestream(harness);
    const sessions = [
      { livestream_id: first.id, started_time: "2026-03-01T10:00:00.000Z", ingest_seconds: 100, viewer_seconds: 10.4 },
      { livestream_id: first.id, started_time: "2026-03-01T20:00:00.000Z", ingest_seconds: 50, viewer_seconds: 5.4 },
      { livestream_id: second.id, started_time: "2026-03-02T09:00:00.000Z", ingest_seconds: 30, viewer_seconds: 3 },
    ];
    for (const session of sessions) await harness.control("POST", "/sessions", session);
  });

  it("totals every session when no range is given: count is the number of livestreams", async () => {
    const response = await overall();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, data: { count: 2, total_ingest_seconds: 180, total_viewer_seconds: 19 } });
  });

  it("keeps sessions that started within start_time and end_time (Unix seconds, inclusive)", async () => {
    const range = `?start_time=${seconds("2026-03-01T20:00:00Z")}&end_time=${seconds("2026-03-02T09:00:00Z")}&filters=ignored`;
    expect((await overall(range)).body.data).toEqual({ count: 2, total_ingest_seconds: 80, total_viewer_seconds: 8 });
  });

  it("answers one entry per UTC day, oldest first, counting sessions", async () => {
    const response = await daywise();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: [
        { count: 2, date: "2026-03-01", total_ingest_seconds: 150, total_viewer_seconds: 16 },
        { count: 1, date: "2026-03-02", total_ingest_seconds: 30, total_viewer_seconds: 3 },
      ],
    });
  });

  it("answers an empty range with zero totals and no days", async () => {
    const range = `?start_time=${seconds("2027-01-01T00:00:00Z")}`;
    expect((await overall(range)).body.data).toEqual({ count: 0, total_ingest_seconds: 0, total_viewer_seconds: 0 });
    expect((await daywise(range)).body.data).toEqual([]);
  });

  it.each([["?start_time=2026-03-01T00:00:00Z", "start_time"], ["?end_time=soon", "end_time"]])(
    "answers %s, which is not Unix seconds, with 400",
    async (query, name) => {
      const response = await overall(query);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        success: false,
        error: { code: 400, message: `Invalid query parameter "${name}": expected an integer (Unix seconds).` },
      });
    },
  );
});
