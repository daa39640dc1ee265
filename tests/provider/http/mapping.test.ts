import { InvalidResponseError } from "../../../provider/http/errors";
import { livestreamOfGet, sessionsOfGet, toFacts, toPage, toSession, unwrap } from "../../../provider/http/mapping";

const op = "GET /x";
const api = {
  id: "0b1e3f5a-4c2d-4e6f-8a9b-123456789abc",
  name: "show",
  meeting_id: null,
  disabled: false,
  ingest_server: "rtmps://live.cloudflare.com:443/live/",
  playback_url: "https://customer-abc.cloudflarestream.com/0123456789abcdef0123456789abcdef/manifest/video.m3u8",
  status: "INVOKED",
  stream_key: "k1",
  created_at: "2026-11-25T00:00:00.000Z",
};

describe("mapping Cloudflare's shapes to ours", () => {
  it("maps every field of a livestream", () => {
    expect(toFacts(api, op)).toEqual({
      livestreamId: api.id,
      name: "show",
      ingestServer: api.ingest_server,
      streamKey: "k1",
      playbackUrl: api.playback_url,
      status: "INVOKED",
      disabled: false,
    });
  });

  it("leaves out absent fields rather than storing undefined, which Pulumi cannot serialize", () => {
    expect(Object.keys(toFacts(api, op))).not.toContain("meetingId");
  });

  it("tolerates the documented drift: disabled as a string, null name", () => {
    const facts = toFacts({ ...api, disabled: "true", name: null, meeting_id: "m-1" }, op);
    expect(facts.disabled).toBe(true);
    expect(facts.name).toBe("");
    expect(facts.meetingId).toBe("m-1");
  });

  it("keeps the stream key from before when a GET leaves it out", () => {
    const { stream_key: _omitted, ...withoutKey } = api;
    expect(toFacts(withoutKey, op, { streamKey: "old-key" }).streamKey).toBe("old-key");
  });

  it("names a missing or mistyped field without quoting values", () => {
    const { stream_key: _omitted, ...withoutKey } = api;
    expect(() => toFacts(withoutKey, op)).toThrow(new InvalidResponseError("Cloudflare's livestream has no 'stream_key'", { operation: op }));
    expect(() => toFacts({ ...api, status: 5 }, op)).toThrow("Cloudflare's livestream has an invalid 'status' (GET /x)");
    expect(() => toFacts({ ...api, disabled: "maybe" }, op)).toThrow("an invalid 'disabled'");
  });

  it("unwraps only {success: true, data}", () => {
    expect(unwrap({ success: true, data: 1 }, op)).toBe(1);
    expect(() => unwrap({ success: false, errors: [] }, op)).toThrow(InvalidResponseError);
    expect(() => unwrap("<html>", op)).toThrow("without the expected {success: true, data} body");
  });

  it("finds the livestream of a GET in data.livestream or in data itself", () => {
    expect(livestreamOfGet({ livestream: api, sessions: [] })).toBe(api);
    expect(livestreamOfGet(api)).toBe(api);
  });

  it("reads a list whether data is an array with top-level paging or one object", () => {
    const asArray = toPage({ success: true, data: [api, { ...api, id: "2", name: null }], paging: { total_count: 7 } }, op);
    expect(asArray).toEqual({
      livestreams: [
        { livestreamId: api.id, name: "show", status: "INVOKED", createdAt: api.created_at },
        { livestreamId: "2", status: "INVOKED", createdAt: api.created_at },
      ],
      totalCount: 7,
    });
    const asObject = toPage({ success: true, data: { ...api, paging: { total_count: 1 } } }, op);
    expect(asObject.livestreams.map((l) => l.livestreamId)).toEqual([api.id]);
    expect(asObject.totalCount).toBe(1);
  });

  it("leaves out a list item's creation time that is missing, null or not a time: Cloudflare did not say when", () => {
    const page = toPage({ success: true, data: [{ ...api, created_at: "yesterday" }, { ...api, id: "2", created_at: null }, { id: "3", name: "x", status: "IDLE" }] }, op);
    expect(page.livestreams.map((l) => l.createdAt)).toEqual([undefined, undefined, undefined]);
  });

  it("maps sessions, with seconds as numbers or strings and absent times left out", () => {
    const raw = { id: "s1", livestream_id: "l1", started_time: "2026-11-25T10:00:00Z", stopped_time: null, err_message: null, ingest_seconds: "120", viewer_seconds: 7.5 };
    expect(toSession(raw, op)).toEqual({ sessionId: "s1", startedTime: "2026-11-25T10:00:00Z", ingestSeconds: 120, viewerSeconds: 7.5 });
    expect(sessionsOfGet({ livestream: api, sessions: [raw, { ...raw, id: "s2" }] }, op).map((s) => s.sessionId)).toEqual(["s1", "s2"]);
    expect(sessionsOfGet({ livestream: api }, op)).toEqual([]);
    expect(() => toSession({ ...raw, ingest_seconds: "lots" }, op)).toThrow("Cloudflare's livestream session has an invalid 'ingest_seconds' (GET /x)");
    expect(() => toSession({}, op)).toThrow("Cloudflare's livestream session has no 'id'");
  });
});
