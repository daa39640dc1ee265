import { asShown, createLivestream, MEETING_ID, PREFIX, useEmulator, type Harness } from "../helpers/emulator";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PLAYBACK_URL = /^https:\/\/customer-([a-z0-9]{16})\.cloudflarestream\.com\/[0-9a-f]{32}\/manifest\/video\.m3u8$/;
const STREAM_KEY = /^[0-9a-f]{32}k[0-9a-f]{32}$/;

function badRequest(message: string) {
  return { success: false, error: { code: 400, message } };
}

const BAD_NAME = badRequest('Invalid field "name": expected a string matching ^[a-zA-Z0-9-_]*$, or null.');

/** Seeds livestreams created one day apart, oldest first, and returns their ids. */
async function seedDays(harness: Harness, fields: object[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [day, extra] of fields.entries()) {
    const created_at = new Date(Date.UTC(2026, 0, day + 1)).toISOString();
    ids.push((await harness.control("POST", "/livestreams", { created_at, updated_at: created_at, ...extra })).body.id);
  }
  return ids;
}

describe("create_livestream", () => {
  const harness = useEmulator();

  it("answers 201 with exactly the spec's fields of a new INVOKED livestream", async () => {
    const response = await harness.api("POST", `${PREFIX}/livestreams`, { body: { name: "my-stream_1" } });
    expect(response.status).toBe(201);
    const { data } = response.body;
    expect(Object.keys(response.body)).toEqual(["success", "data"]);
    expect(data).toEqual({
      id: expect.stringMatching(UUID_V4),
      name: "my-stream_1",
      meeting_id: null,
      disabled: false,
      ingest_server: "rtmps://live.cloudflare.com:443/live/",
      playback_url: expect.stringMatching(PLAYBACK_URL),
      status: "INVOKED",
      stream_key: expect.stringMatching(STREAM_KEY),
    });
    expect(response.body.success).toBe(true);
  });

  it("stores the livestream with equal created_at and updated_at", async () => {
    const data = await createLivestream(harness, { name: "stored" });
    const stored = harness.emulator.store.get(data.id);
    expect(asShown(stored)).toEqual({ ...data, created_at: expect.any(String), updated_at: expect.any(String) });
    expect(stored?.updated_at).toBe(stored?.created_at);
    expect(new Date(String(stored?.created_at)).toISOString()).toBe(stored?.created_at);
  });

  it("mints a new id, stream key and playback path for each livestream, under one customer code", async () => {
    const first = await createLivestream(harness);
    const second = await createLivestream(harness);
    expect(second.id).not.toBe(first.id);
    expect(second.stream_key).not.toBe(first.stream_key);
    expect(second.playback_url).not.toBe(first.playback_url);
    expect(PLAYBACK_URL.exec(second.playback_url)?.[1]).toBe(PLAYBACK_URL.exec(first.playback_url)?.[1]);
  });

  it.each([
    ["an empty object", {}, null],
    ["a null name", { name: null }, null],
    ["an empty name", { name: "" }, ""],
    ["unknown fields, which it ignores", { name: "x", video_config: { width: 1 }, colour: "blue" }, "x"],
  ])("accepts %s", async (_case, body, name) => {
    expect((await createLivestream(harness, body)).name).toBe(name);
  });

  it.each([["has space"], ["dot.ted"], ["ünïcode"], ["slash/name"]])(
    "answers the name %j with 400 naming the field and the pattern, and stores nothing",
    async (name) => {
      const response = await harness.api("POST", `${PREFIX}/livestreams`, { body: { name } });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(BAD_NAME);
      expect(harness.emulator.store.list()).toEqual([]);
    },
  );

  it.each([[42], [true], [["a"]], [{ first: "a" }]])("answers the non-string name %j with 400", async (name) => {
    const response = await harness.api("POST", `${PREFIX}/livestreams`, { body: { name } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(BAD_NAME);
  });

  it.each([["{"], [""], ["name=x"]])("answers the body %j, which is not JSON, with 400", async (rawBody) => {
    const response = await harness.api("POST", `${PREFIX}/livestreams`, { rawBody });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(
      badRequest('Request body is not valid JSON: send a JSON object such as {} or {"name":"my-stream"}.'),
    );
  });

  it.each([["[]"], ['"x"'], ["null"], ["7"]])("answers the JSON body %s, which is not an object, with 400", async (rawBody) => {
    const response = await harness.api("POST", `${PREFIX}/livestreams`, { rawBody });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(badRequest('Request body is not a JSON object: send a JSON object such as {} or {"name":"my-stream"}.'));
  });
});

describe("fetch_all_livestreams", () => {
  const harness = useEmulator();
  const list = (query = "") => harness.api("GET", `${PREFIX}/livestreams${query}`);

  it("answers an empty list with data [] and zero paging", async () => {
    const response = await list();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, data: [], paging: { start_offset: 0, end_offset: 0, total_count: 0 } });
  });

  it("lists every field of each livestream, newest first by default", async () => {
    const ids = await seedDays(harness, [{}, {}, {}]);
    const response = await list();
    expect(response.body.data.map((item: { id: string }) => item.id)).toEqual([...ids].reverse());
    expect(response.body.data[0]).toEqual(asShown(harness.emulator.store.get(ids[2])));
    expect(response.body.paging).toEqual({ start_offset: 1, end_offset: 3, total_count: 3 });
  });

  it("sorts by created_at ascending with sort_order=ASC and descending with DSC", async () => {
    const ids = await seedDays(harness, [{}, {}, {}]);
    expect((await list("?sort_order=ASC")).body.data.map((item: { id: string }) => item.id)).toEqual(ids);
    expect((await list("?sort_order=DSC")).body.data.map((item: { id: string }) => item.id)).toEqual([...ids].reverse());
  });

  it("lists a change at once: a new livestream, a changed creation time, a changed status", async () => {
    const ids = await seedDays(harness, [{}, {}]);
    const ascending = async (query = "") => (await list(`?sort_order=ASC${query}`)).body.data.map((item: { id: string }) => item.id);
    expect(await ascending()).toEqual(ids);
    const created = (await harness.api("POST", `${PREFIX}/livestreams`, { body: { name: "new" } })).body.data.id;
    expect(await ascending()).toEqual([...ids, created]);
    await harness.control("PATCH", `/livestreams/${created}`, { created_at: "2000-01-01T00:00:00.000Z", status: "LIVE" });
    expect(await ascending()).toEqual([created, ...ids]);
    expect(await ascending("&status=LIVE")).toEqual([created]);
  });

  it("filters by status", async () => {
    const [, live] = await seedDays(harness, [{ status: "IDLE" }, { status: "LIVE" }, { status: "ERRORED" }]);
    const response = await list("?status=LIVE");
    expect(response.body.data.map((item: { id: string }) => item.id)).toEqual([live]);
    expect(response.body.paging).toEqual({ start_offset: 1, end_offset: 1, total_count: 1 });
  });

  it("includes meeting livestreams unless exclude_meetings=true", async () => {
    const [independent, meeting] = await seedDays(harness, [{}, { meeting_id: MEETING_ID }]);
    expect((await list("?exclude_meetings=false&sort_order=ASC")).body.data.map((item: { id: string }) => item.id)).toEqual([
      independent,
      meeting,
    ]);
    expect((await list("?exclude_meetings=true")).body.data.map((item: { id: string }) => item.id)).toEqual([independent]);
  });

  it("keeps livestreams created between start_time and end_time, both inclusive", async () => {
    const ids = await seedDays(harness, [{}, {}, {}, {}]);
    const response = await list("?sort_order=ASC&start_time=2026-01-02T00:00:00.000Z&end_time=2026-01-03T00:00:00Z");
    expect(response.body.data.map((item: { id: string }) => item.id)).toEqual([ids[1], ids[2]]);
  });

  it("pages with per_page and page_no, offsets 1-based and inclusive", async () => {
    const ids = await seedDays(harness, [{}, {}, {}, {}, {}]);
    const second = await list("?sort_order=ASC&per_page=2&page_no=2");
    expect(second.body.data.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[3]]);
    expect(second.body.paging).toEqual({ start_offset: 3, end_offset: 4, total_count: 5 });
    const last = await list("?sort_order=ASC&per_page=2&page_no=3");
    expect(last.body.data.map((item: { id: string }) => item.id)).toEqual([ids[4]]);
    expect(last.body.paging).toEqual({ start_offset: 5, end_offset: 5, total_count: 5 });
    const beyond = await list("?per_page=2&page_no=4");
    expect(beyond.body).toEqual({ success: true, data: [], paging: { start_offset: 0, end_offset: 0, total_count: 5 } });
  });

  it("shows 20 livestreams per page when per_page is absent", async () => {
    await seedDays(harness, Array.from({ length: 21 }, () => ({})));
    const response = await list();
    expect(response.body.data).toHaveLength(20);
    expect(response.body.paging).toEqual({ start_offset: 1, end_offset: 20, total_count: 21 });
  });

  it.each([
    ["?status=OFFLINE", 'Invalid query parameter "status": expected one of LIVE, IDLE, ERRORED, INVOKED.'],
    ["?sort_order=DESC", 'Invalid query parameter "sort_order": expected one of ASC, DSC.'],
    ["?exclude_meetings=yes", 'Invalid query parameter "exclude_meetings": expected one of true, false.'],
    ["?per_page=0", 'Invalid query parameter "per_page": expected a positive integer.'],
    ["?page_no=two", 'Invalid query parameter "page_no": expected a positive integer.'],
    ["?start_time=yesterday", 'Invalid query parameter "start_time": expected an ISO 8601 date-time.'],
  ])("answers %s with 400 naming the parameter", async (query, message) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(badRequest(message));
  });
});
