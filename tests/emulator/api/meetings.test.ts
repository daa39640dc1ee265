import { asShown, MEETING_ID, PREFIX, useEmulator, type Harness } from "../helpers/emulator";

const OTHER_MEETING_ID = "aaa87945-df1c-49d9-8159-262a7ae6cfde";
const MEETING_SESSION_ID = "4f2c3b1a-0d9e-4c7b-8a6f-5e4d3c2b1a09";

function notFound(message: string) {
  return { success: false, error: { code: 404, message } };
}

async function start(harness: Harness, meetingId = MEETING_ID, body: unknown = {}) {
  return harness.api("POST", `${PREFIX}/meetings/${meetingId}/livestreams`, { body });
}

describe("start-livestreaming", () => {
  const harness = useEmulator();

  it("answers 201 with exactly the spec's fields, and stores a livestream of the meeting", async () => {
    const response = await start(harness, MEETING_ID, { name: "town-hall", video_config: { height: 720, width: 1280 } });
    expect(response.status).toBe(201);
    const stored = harness.emulator.store.get(response.body.data.id);
    expect(response.body).toEqual({
      success: true,
      data: {
        id: stored?.id,
        ingest_server: "rtmps://live.cloudflare.com:443/live/",
        playback_url: stored?.playback_url,
        status: "INVOKED",
        stream_key: stored?.stream_key,
      },
    });
    expect(stored).toMatchObject({ name: "town-hall", meeting_id: MEETING_ID, disabled: false, status: "INVOKED" });
  });

  it("answers a name outside the pattern with 400", async () => {
    const response = await start(harness, MEETING_ID, { name: "town hall" });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      success: false,
      error: { code: 400, message: 'Invalid field "name": expected a string matching ^[a-zA-Z0-9-_]*$, or null.' },
    });
  });

  it("answers a video_config with a non-integer size with 400", async () => {
    const response = await start(harness, MEETING_ID, { video_config: { height: "720p" } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      success: false,
      error: { code: 400, message: 'Invalid field "video_config": expected an object with integer "height" and "width".' },
    });
  });

  it("answers a meeting id that is not a UUID with 404", async () => {
    const response = await start(harness, "not-a-meeting");
    expect(response.status).toBe(404);
    expect(response.body).toEqual(notFound("Meeting not-a-meeting not found."));
  });
});

describe("get-v2-meetings-meetingId-active-livestream", () => {
  const harness = useEmulator();
  const active = (meetingId = MEETING_ID) => harness.api("GET", `${PREFIX}/meetings/${meetingId}/active-livestream`);

  it("answers the meeting's newest livestream that is INVOKED or LIVE, with every field", async () => {
    await harness.control("POST", "/livestreams", { meeting_id: MEETING_ID, status: "LIVE", created_at: "2026-01-01T00:00:00.000Z" });
    const newer = await harness.control("POST", "/livestreams", { meeting_id: MEETING_ID, created_at: "2026-01-02T00:00:00.000Z" });
    await harness.control("POST", "/livestreams", { meeting_id: MEETING_ID, status: "IDLE", created_at: "2026-01-03T00:00:00.000Z" });
    const response = await active();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, data: asShown(newer.body) });
  });

  it("answers 404 for a meeting whose livestreams have all stopped, and for one that has none", async () => {
    await harness.control("POST", "/livestreams", { meeting_id: MEETING_ID, status: "IDLE" });
    expect((await active()).body).toEqual(notFound(`No active livestream for meeting ${MEETING_ID}.`));
    const none = await active(OTHER_MEETING_ID);
    expect(none.status).toBe(404);
    expect(none.body).toEqual(notFound(`No active livestream for meeting ${OTHER_MEETING_ID}.`));
  });
});

describe("stop_livestreaming", () => {
  const harness = useEmulator();
  const stop = (meetingId = MEETING_ID) => harness.api("POST", `${PREFIX}/meetings/${meetingId}/active-livestream/stop`);

  it("answers the spec's message, makes the livestream IDLE and stops its running sessions", async () => {
    const { id } = (await start(harness)).body.data;
    const running = (await harness.control("POST", "/sessions", { livestream_id: id })).body;
    const response = await stop();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, data: { message: "Stopped live stream successfully" } });
    expect(harness.emulator.store.get(id)?.status).toBe("IDLE");
    const session = harness.emulator.store.getSession(running.id);
    expect(session?.stopped_time).toEqual(expect.any(String));
    expect(session?.updated_at).toBe(session?.stopped_time);
    expect((await harness.api("GET", `${PREFIX}/meetings/${MEETING_ID}/active-livestream`)).status).toBe(404);
  });

  it("answers 404 when the meeting has no active livestream", async () => {
    const response = await stop(OTHER_MEETING_ID);
    expect(response.status).toBe(404);
    expect(response.body).toEqual(notFound(`No active livestream for meeting ${OTHER_MEETING_ID}.`));
  });

  it("leaves other meetings' livestreams alone", async () => {
    await start(harness);
    const other = (await start(harness, OTHER_MEETING_ID)).body.data;
    await stop();
    expect(harness.emulator.store.get(other.id)?.status).toBe("INVOKED");
  });
});

describe("livestream-session-details", () => {
  const harness = useEmulator();
  const details = (meetingId = MEETING_ID) => harness.api("GET", `${PREFIX}/meetings/${meetingId}/livestream`);

  it("answers the meeting's newest livestream and a page of its sessions, shaped as the spec's example", async () => {
    await harness.control("POST", "/livestreams", { meeting_id: MEETING_ID, created_at: "2026-01-01T00:00:00.000Z" });
    const newest = (await harness.control("POST", "/livestreams", { meeting_id: MEETING_ID, created_at: "2026-01-02T00:00:00.000Z" })).body;
    const session = (await harness.control("POST", "/sessions", { livestream_id: newest.id })).body;
    const response = await details();
    const { session_id: _, ...shown } = session;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: { livestream: asShown(newest), sessions: [shown] },
      paging: { start_offset: 1, end_offset: 1, total_count: 1 },
    });
  });

  it("answers a meeting without livestreams with 404", async () => {
    const response = await details();
    expect(response.status).toBe(404);
    expect(response.body).toEqual(notFound(`No livestream found for meeting ${MEETING_ID}.`));
  });
});

describe("get-v2-livestreamsession-session-meetingId-active-livestream", () => {
  const harness = useEmulator();
  const sessions = (query = "") => harness.api("GET", `${PREFIX}/sessions/${MEETING_SESSION_ID}/livestream-sessions${query}`);

  it("answers the livestream sessions of a meeting session in data.data, with paging inside data", async () => {
    const { id } = (await start(harness)).body.data;
    const first = (await harness.control("POST", "/sessions", { livestream_id: id, session_id: MEETING_SESSION_ID })).body;
    const second = (await harness.control("POST", "/sessions", { livestream_id: id, session_id: MEETING_SESSION_ID })).body;
    await harness.control("POST", "/sessions", { livestream_id: id });
    const response = await sessions("?per_page=1&page_no=2");
    const { session_id: _, ...shown } = second;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: { data: [shown], paging: { start_offset: 2, end_offset: 2, total_count: 2 } },
    });
    expect((await sessions("?per_page=1")).body.data.data.map((item: { id: string }) => item.id)).toEqual([first.id]);
  });

  it("answers a session without livestream sessions with 404", async () => {
    const response = await sessions();
    expect(response.status).toBe(404);
    expect(response.body).toEqual(notFound(`No livestream sessions for session ${MEETING_SESSION_ID}.`));
  });
});
