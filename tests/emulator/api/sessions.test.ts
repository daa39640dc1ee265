import { asShown, createLivestream, MEETING_ID, PREFIX, useEmulator } from "../helpers/emulator";

const UNKNOWN_ID = "3fd739f4-3c41-456e-bfba-6ebd51e16d2c";

describe("get-v2-livestream-session-livestream-id", () => {
  const harness = useEmulator();

  it("answers the livestream with no sessions and zero paging", async () => {
    const { id } = await createLivestream(harness, { name: "solo" });
    const response = await harness.api("GET", `${PREFIX}/livestreams/${id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: { livestream: asShown(harness.emulator.store.get(id)), sessions: [] },
      paging: { start_offset: 0, end_offset: 0, total_count: 0 },
    });
  });

  it("answers a page of the livestream's own sessions, without the meeting session key", async () => {
    const { id } = await createLivestream(harness);
    const other = await createLivestream(harness);
    const seeded = [];
    for (const started_time of ["2026-01-01T10:00:00.000Z", "2026-01-02T10:00:00.000Z", "2026-01-03T10:00:00.000Z"]) {
      seeded.push((await harness.control("POST", "/sessions", { livestream_id: id, started_time, session_id: MEETING_ID })).body);
    }
    await harness.control("POST", "/sessions", { livestream_id: other.id });
    const response = await harness.api("GET", `${PREFIX}/livestreams/${id}?per_page=2`);
    const { session_id: _, ...shown } = seeded[0];
    expect(response.body.data.sessions).toEqual([shown, expect.objectContaining({ id: seeded[1].id })]);
    expect(response.body.paging).toEqual({ start_offset: 1, end_offset: 2, total_count: 3 });
  });

  it("answers an unknown livestream with 404 in RealtimeKit's error shape", async () => {
    const response = await harness.api("GET", `${PREFIX}/livestreams/${UNKNOWN_ID}`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ success: false, error: { code: 404, message: `Livestream ${UNKNOWN_ID} not found.` } });
  });
});

describe("get-v2-active-livestream-session-details", () => {
  const harness = useEmulator();
  const active = (id: string) => harness.api("GET", `${PREFIX}/livestreams/${id}/active-livestream-session`);

  it("answers the livestream and its newest session that has not stopped", async () => {
    const { id } = await createLivestream(harness);
    await harness.control("POST", "/sessions", { livestream_id: id, started_time: "2026-01-01T10:00:00.000Z" });
    const running = (await harness.control("POST", "/sessions", { livestream_id: id, started_time: "2026-01-02T10:00:00.000Z" })).body;
    await harness.control("POST", "/sessions", { livestream_id: id, stopped_time: "2026-01-03T10:00:00.000Z" });
    const response = await active(id);
    const { session_id: _, ...shown } = running;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, data: { livestream: asShown(harness.emulator.store.get(id)), session: shown } });
  });

  it("answers 404 when every session of the livestream has stopped", async () => {
    const { id } = await createLivestream(harness);
    await harness.control("POST", "/sessions", { livestream_id: id, stopped_time: "2026-01-03T10:00:00.000Z" });
    const response = await active(id);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ success: false, error: { code: 404, message: `No active livestream session for livestream ${id}.` } });
  });

  it("answers an unknown livestream with 404", async () => {
    const response = await active(UNKNOWN_ID);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ success: false, error: { code: 404, message: `Livestream ${UNKNOWN_ID} not found.` } });
  });
});

describe("get-v2-livestreams-livestream-session-id", () => {
  const harness = useEmulator();

  it("answers one session with the fields of the spec's example", async () => {
    const { id } = await createLivestream(harness);
    const session = (await harness.control("POST", "/sessions", { livestream_id: id, ingest_seconds: 60, viewer_seconds: 60 })).body;
    const response = await harness.api("GET", `${PREFIX}/livestreams/sessions/${session.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: {
        id: session.id,
        livestream_id: id,
        created_at: session.created_at,
        updated_at: session.updated_at,
        started_time: session.started_time,
        stopped_time: null,
        invoked_time: null,
        err_message: null,
        ingest_seconds: 60,
        viewer_seconds: 60,
      },
    });
  });

  it("answers an unknown session with 404", async () => {
    const response = await harness.api("GET", `${PREFIX}/livestreams/sessions/${UNKNOWN_ID}`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ success: false, error: { code: 404, message: `Livestream session ${UNKNOWN_ID} not found.` } });
  });
});
