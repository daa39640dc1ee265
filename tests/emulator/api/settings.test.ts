/**
 * The runtime settings, changed while the emulator runs through `/__emulator/settings`: how the list carries names,
 * the emulator's clock (record times, list filters, the `Date` header), latency and a cap on `per_page`.
 */
import { createLivestream, PREFIX, TOKEN, useEmulator } from "../helpers/emulator";

const HOUR = 3_600_000;
/** RFC 9110's IMF-fixdate, to the second, as Cloudflare's edge sends `Date`. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe("runtime settings", () => {
  const harness = useEmulator();
  const change = async (patch: object) => {
    const response = await harness.control("PATCH", "/settings", patch);
    if (response.status !== 200) throw new Error(`settings refused: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const list = (query = "") => harness.api("GET", `${PREFIX}/livestreams${query}`);

  it("start at their defaults, change by PATCH, and return to the start values on reset", async () => {
    const defaults = { listNames: "echo", clockOffsetMs: 0, latencyMs: 0, maxPerPage: null, dateHeader: true, totalCountShortBy: 0 };
    expect((await harness.control("GET", "/settings")).body).toEqual(defaults);
    expect(await change({ listNames: "null", maxPerPage: 5 })).toEqual({ ...defaults, listNames: "null", maxPerPage: 5 });
    expect(await change({ maxPerPage: null })).toEqual({ ...defaults, listNames: "null" });
    await harness.control("POST", "/reset");
    expect((await harness.control("GET", "/settings")).body).toEqual(defaults);
  });

  it.each([
    [{ listNames: "hidden" }, 'Setting "listNames" must be one of "echo", "null", "absent", got "hidden".'],
    [{ clockOffsetMs: 1.5 }, 'Setting "clockOffsetMs" must be a whole number of milliseconds from -3155760000000 to 3155760000000, got 1.5.'],
    [{ latencyMs: -1 }, 'Setting "latencyMs" must be a whole number of milliseconds from 0 to 600000, got -1.'],
    [{ maxPerPage: 0 }, 'Setting "maxPerPage" must be a positive whole number, or null for no cap, got 0.'],
    [{ pageSize: 5 }, 'Setting "pageSize" does not exist; the settings are listNames, clockOffsetMs, latencyMs, maxPerPage, dateHeader, totalCountShortBy.'],
    [{ totalCountShortBy: -1 }, 'Setting "totalCountShortBy" must be a whole number, 0 or more, got -1.'],
    [{ dateHeader: "no" }, 'Setting "dateHeader" must be true or false, got "no".'],
    [[], "The settings must be a JSON object."],
  ])("refuses %j with 400 naming the setting, and changes nothing", async (patch, error) => {
    const response = await harness.control("PATCH", "/settings", patch);
    expect(response).toMatchObject({ status: 400, body: { error } });
    expect((await harness.control("GET", "/settings")).body.listNames).toBe("echo");
  });

  describe("listNames", () => {
    it.each([
      ["echo", { name: "shown" }],
      ["null", { name: null }],
      ["absent", {}],
    ])("%s: list items carry %j, while a get by id always has the name", async (listNames, carried) => {
      const { id } = await createLivestream(harness, { name: "shown" });
      await change({ listNames });
      const [item] = (await list()).body.data;
      expect(item.id).toBe(id);
      const { name: _name, ...rest } = item;
      expect(item).toEqual({ ...rest, ...carried });
      expect("name" in item).toBe(listNames !== "absent");
      expect((await harness.api("GET", `${PREFIX}/livestreams/${id}`)).body.data.livestream.name).toBe("shown");
    });
  });

  describe("clockOffsetMs", () => {
    it.each([[HOUR], [-HOUR]])("runs the clock %d ms off the machine's, for new records and the Date header", async (offset) => {
      await change({ clockOffsetMs: offset });
      const response = await harness.api("POST", `${PREFIX}/livestreams`, { body: {} });
      const machine = Date.now();
      const stored = harness.emulator.store.get(response.body.data.id);
      // Half the offset as margin: the assertion is about which side of the machine's clock, not about elapsed time.
      expect(Math.sign(Date.parse(String(stored?.created_at)) - machine)).toBe(Math.sign(offset));
      expect(Math.abs(Date.parse(String(stored?.created_at)) - machine)).toBeGreaterThan(HOUR / 2);
      expect(Math.abs(Date.parse(String(response.headers.get("date"))) - machine)).toBeGreaterThan(HOUR / 2);
    });

    it("filters the list by the emulator's clock: a record made an hour behind is before a start_time half an hour ago", async () => {
      await change({ clockOffsetMs: -HOUR });
      const { id } = await createLivestream(harness);
      const halfAnHourAgo = new Date(Date.now() - HOUR / 2).toISOString();
      expect((await list(`?start_time=${halfAnHourAgo}`)).body.data).toEqual([]);
      expect((await list(`?end_time=${halfAnHourAgo}`)).body.data.map((item: { id: string }) => item.id)).toEqual([id]);
    });
  });

  describe("the Date header", () => {
    const DAY = 24 * HOUR;
    /** The Date header of one answer while the emulator's clock runs a day behind: an HTTP-date from that clock. */
    const dateOf = async (call: () => Promise<Response>) => {
      await change({ clockOffsetMs: -DAY });
      const response = await call();
      await response.body?.cancel();
      const date = String(response.headers.get("date"));
      expect(date).toMatch(HTTP_DATE);
      return Date.parse(date);
    };
    const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
      fetch(`${harness.emulator.baseUrl}${path}`, { headers });

    it.each([
      ["a success", () => get(`${PREFIX}/livestreams`)],
      ["a RealtimeKit error", () => get(`${PREFIX}/livestreams?per_page=0`)],
      ["a routing error", () => get("/zones")],
      ["an authentication error", () => get(`${PREFIX}/livestreams`, {})],
    ])("comes with %s, from the emulator's clock", async (_case, call) => {
      expect(Date.now() - (await dateOf(call))).toBeGreaterThan(DAY / 2);
    });

    it.each([
      [{ kind: "status", status: 503 }],
      [{ kind: "success-false" }],
      [{ kind: "html" }],
      [{ kind: "malformed-json" }],
      [{ kind: "truncated" }],
      [{ kind: "delay", ms: 10 }],
    ])("comes with the answer of the fault %j, from the emulator's clock", async (fault) => {
      await harness.addFaults({ operation: "fetch_all_livestreams", ...fault });
      expect(Date.now() - (await dateOf(() => get(`${PREFIX}/livestreams`)))).toBeGreaterThan(DAY / 2);
    });

    it("is left out of every answer, a delayed one too, with dateHeader false (a proxy that strips it)", async () => {
      await change({ dateHeader: false });
      await harness.addFaults({ operation: "fetch_all_livestreams", kind: "delay", ms: 10 });
      for (const call of [() => get(`${PREFIX}/livestreams`), () => get(`${PREFIX}/livestreams`), () => get("/zones")]) {
        const response = await call();
        await response.body?.cancel();
        expect(response.headers.get("date")).toBeNull();
      }
    });
  });

  describe("maxPerPage", () => {
    it("lowers a larger per_page (and the default of 20) to the cap, with paging for the page sent", async () => {
      for (let i = 0; i < 5; i += 1) await createLivestream(harness);
      await change({ maxPerPage: 2 });
      expect((await list("?per_page=10")).body.paging).toEqual({ start_offset: 1, end_offset: 2, total_count: 5 });
      expect((await list()).body.data).toHaveLength(2);
      const last = await list("?per_page=10&page_no=3");
      expect(last.body.data).toHaveLength(1);
      expect(last.body.paging).toEqual({ start_offset: 5, end_offset: 5, total_count: 5 });
      expect((await list("?per_page=1")).body.data).toHaveLength(1);
    });

    it("makes newest-first pages overlap when a livestream is created between them, at small scale", async () => {
      for (let i = 0; i < 3; i += 1) await createLivestream(harness);
      await change({ maxPerPage: 2 });
      const first = (await list("?per_page=100")).body.data.map((item: { id: string }) => item.id);
      await createLivestream(harness);
      const second = (await list("?per_page=100&page_no=2")).body.data.map((item: { id: string }) => item.id);
      expect(second[0]).toBe(first[1]);
    });
  });

  it("totalCountShortBy reports a listing's total that many short, never below 0, and changes no page", async () => {
    for (let i = 0; i < 3; i += 1) await createLivestream(harness);
    await change({ totalCountShortBy: 2, maxPerPage: 1 });
    expect((await list()).body.paging).toEqual({ start_offset: 1, end_offset: 1, total_count: 1 });
    expect((await list("?page_no=3")).body.data).toHaveLength(1);
    await change({ totalCountShortBy: 5 });
    expect((await list()).body.paging.total_count).toBe(0);
  });

  it("latencyMs delays API requests set while running, and not the control plane", async () => {
    await change({ latencyMs: 1000 });
    let apiDone = false;
    const api = list().then(() => (apiDone = true));
    expect((await harness.control("GET", "/health")).status).toBe(200);
    expect(apiDone).toBe(false);
    await api;
    expect(apiDone).toBe(true);
  });
});
