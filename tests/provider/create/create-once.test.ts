/**
 * Creating exactly once while the emulator injects every kind of fault into the create call.
 * @mostly-waiting: on lists, holds and settle windows (see tests/setup/waiting-lane.js).
 */
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { RealtimeKitClient } from "../../../provider/http/client";
import { createOnce } from "../../../provider/create/create-once";
import { AuthenticationError, BadRequestError, ConnectError, IncompleteCreateError, RateLimitError, ServerError, UncertainCreateError } from "../../../provider/http/errors";
import { withNameLock } from "../../../provider/names/name-lock";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../../helpers/emulator";

jest.setTimeout(60_000);
/**
 * The settle window of an attempt during which the test seeds livestreams: far longer than seeding takes even on a busy
 * machine, and costing nothing, since the attempt ends as soon as it sees what was seeded.
 */
const SEEDED_DURING_ATTEMPT_SETTLE_MS = 20_000;

/**
 * Until the attempt's POST met its `reset-before`: what a test seeds after this was made after the attempt began (a
 * fixed sleep was not enough on a busy machine, where the attempt began later and the seeds counted as older).
 */
async function untilThePostIsLost(): Promise<void> {
  while (((await emulator.call<{ fired: Record<string, number> }>("GET", "/faults")).fired["reset-before"] ?? 0) < 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const emulator = useEmulator();
const scope = { accountId: ACCOUNT_ID, appId: APP_ID };
const op = "create_livestream" as const;
const LIST = "GET fetch_all_livestreams";
const POST = "POST create_livestream";
const GET_OP = "get-v2-livestream-session-livestream-id" as const;
const GET = `GET ${GET_OP}`;

function client(timeoutMs = 1000): RealtimeKitClient {
  return new RealtimeKitClient({ baseUrl: emulator.baseUrl, apiToken: TOKEN, timeoutMs, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, rateLimitBudgetMs: 1000 } });
}

async function create(name = "exactly-once", settleMs = 300) {
  const log: string[] = [];
  const facts = await createOnce(client(), scope, name, { settleMs, log: (m) => log.push(m) });
  return { facts, log };
}

describe("creating a livestream exactly once", () => {
  it("sends one POST and nothing else when all goes well", async () => {
    const { facts } = await create();
    expect(await emulator.calls()).toEqual([POST]);
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([facts.livestreamId]);
  });

  // A POST that got no readable answer told nothing of Cloudflare's clock: one short list learns it first.
  // A listing is its page, then the empty page that ends it.
  it.each([
    { kind: "reset-after" as const, lists: [LIST, LIST, LIST] },
    { kind: "malformed-json" as const, lists: [LIST, LIST] },
    { kind: "truncated" as const, lists: [LIST, LIST, LIST] },
  ])(
    "takes the livestream a lost $kind answer had created, without a second POST",
    async ({ kind, lists }) => {
      await emulator.faults({ operation: op, kind });
      const { facts, log } = await create();
      const stored = await emulator.livestreams();
      expect(stored).toHaveLength(1);
      expect(facts).toMatchObject({ livestreamId: stored[0].id, streamKey: stored[0].stream_key, name: "exactly-once" });
      expect(await emulator.calls()).toEqual([POST, ...lists, GET]);
      expect(log.at(-1)).toBe(`livestream 'exactly-once' had been created as ${stored[0].id}; taking it`);
    },
  );

  it.each([
    { kind: "reset-before" as const },
    { kind: "html" as const },
    { kind: "success-false" as const },
    { kind: "status" as const, status: 503 },
    { kind: "status" as const, status: 500 },
  ])("creates once more after a %o fault that created nothing", async (fault) => {
    await emulator.faults({ operation: op, ...fault });
    const { facts, log } = await create();
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([facts.livestreamId]);
    const calls = await emulator.calls();
    expect(calls[0]).toBe(POST);
    expect(calls.at(-1)).toBe(POST);
    expect(calls.filter((c) => c === POST)).toHaveLength(2);
    expect(calls.slice(1, -1).every((c) => c === LIST)).toBe(true);
    expect(log.at(-1)).toBe("livestream 'exactly-once' was not created; sending the create once more");
  });

  it("waits out a create the server commits after the client gave up", async () => {
    await emulator.faults({ operation: op, kind: "delay", ms: 1500 });
    const { facts } = await create("slow-one", 3000);
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([facts.livestreamId]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("waits for Retry-After on 429 and posts again without looking, since nothing was created", async () => {
    await emulator.faults({ operation: op, kind: "status", status: 429, retryAfter: 1 });
    const started = Date.now();
    const { log } = await create();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await emulator.calls()).toEqual([POST, POST]);
    expect(log).toEqual([]);
  });

  // 3 s: outside the second or so that whole-second Date headers leave uncertain (docs/limits.md), with room for a slow answer.
  it.each([60_000, 3_000])("never takes a livestream of the same name made %i ms before the attempt (a replace's old one, another stack's)", async (before) => {
    const older = await emulator.seed({ name: "exactly-once", created_at: new Date(Date.now() - before).toISOString() });
    await emulator.faults({ operation: op, kind: "reset-before" });
    const { facts, log } = await create();
    expect(facts.livestreamId).not.toBe(older.id);
    expect((await emulator.livestreams()).map((l) => l.id).sort()).toEqual([older.id, facts.livestreamId].sort());
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(2);
    expect(log.at(-1)).toBe("livestream 'exactly-once' was not created; sending the create once more");
  });

  it("ignores an older livestream of the same name, which is not this attempt's", async () => {
    await emulator.seed({ name: "exactly-once", created_at: "2020-01-01T00:00:00.000Z" });
    await emulator.faults({ operation: op, kind: "reset-before" });
    const { facts } = await create();
    const stored = await emulator.livestreams();
    expect(stored).toHaveLength(2);
    expect(stored.map((l) => l.created_at)).toContain("2020-01-01T00:00:00.000Z");
    expect(facts.livestreamId).not.toBe(stored.find((l) => l.created_at.startsWith("2020"))!.id);
  });

  it("checks after the last allowed POST too, and takes what it created", async () => {
    await emulator.faults({ operation: op, kind: "reset-before", count: 2 }, { operation: op, kind: "reset-after" });
    const { facts } = await create();
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([facts.livestreamId]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(3);
  });

  it("gives up after three POSTs that provably created nothing, with the last error", async () => {
    await emulator.faults({ operation: op, kind: "status", status: 503, count: 3 });
    await expect(create()).rejects.toBeInstanceOf(ServerError);
    expect(await emulator.livestreams()).toEqual([]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(3);
  });

  it("reports a created livestream it cannot read as incomplete, carrying its id for the engine", async () => {
    await emulator.faults({ operation: op, kind: "reset-after" }, { operation: GET_OP, kind: "status", status: 502, count: 10 });
    const error = await create().then(() => undefined, (e: unknown) => e);
    const [stored] = await emulator.livestreams();
    expect(error).toBeInstanceOf(IncompleteCreateError);
    expect(error).toMatchObject({ id: stored.id, properties: { livestreamId: stored.id, name: "exactly-once" } });
    expect((error as IncompleteCreateError).reasons).toEqual([(error as Error).message]);
    expect((error as Error).message).toMatch(new RegExp(`^Livestream ${stored.id} was created, but reading it failed: .*HTTP 502.*run 'pulumi up' again to complete it$`));
  });

  it("never posts again once the list has shown the livestream, even if reading it says 404", async () => {
    await emulator.faults({ operation: op, kind: "reset-after" }, { operation: GET_OP, kind: "status", status: 404, code: 404, message: "not yet" });
    const error = await create().then(() => undefined, (e: unknown) => e);
    const [stored] = await emulator.livestreams();
    expect(error).toBeInstanceOf(IncompleteCreateError);
    expect(error).toMatchObject({ id: stored.id });
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("fails at once on a 429 that asks to wait longer than the rate-limit budget", async () => {
    await emulator.faults({ operation: op, kind: "status", status: 429, retryAfter: 300 });
    await expect(create()).rejects.toBeInstanceOf(RateLimitError);
    expect(await emulator.calls()).toEqual([POST]);
  });

  it("keeps trying a failing list for a while, then says it cannot tell, naming what to do", async () => {
    await emulator.faults({ operation: op, kind: "reset-before" }, { operation: "fetch_all_livestreams", kind: "status", status: 503, count: 100 });
    const log: string[] = [];
    const message = await createOnce(client(), scope, "unknowable", { settleMs: 200, listPatienceMs: 600, log: (m) => log.push(m) }).then(
      () => "created",
      (e: Error) => e.message,
    );
    expect(message).toMatch(/^Creating livestream 'unknowable' failed \(.*\) and whether it was created could not be checked \(.*HTTP 503.*\)\. Nothing was saved to state\. Look in the app's livestreams for one named 'unknowable': if it exists, take it with 'adoptLivestreamId'; if not, run the update again/);
    expect((await emulator.calls()).filter((c) => c === LIST).length).toBeGreaterThanOrEqual(2);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("refuses to guess when several livestreams of the name appeared during the attempt, and posts no more", async () => {
    await emulator.faults({ operation: op, kind: "reset-before" });
    const attempt = create("twin", SEEDED_DURING_ATTEMPT_SETTLE_MS).then(() => "created", (e: Error) => e.message);
    await untilThePostIsLost();
    const a = await emulator.seed({ name: "twin" });
    const b = await emulator.seed({ name: "twin" });
    const message = await attempt;
    expect(message).toMatch(/^Creating livestream 'twin' failed \(.*\) and 2 livestreams of that name were created since the attempt began: .*\. Nothing was saved to state and nothing was posted again\. If one of them is this resource's, take it with 'adoptLivestreamId: <id>'/);
    expect(message).toContain(`${a.id} (created ${a.created_at})`);
    expect(message).toContain(b.id);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it.each(["null", "absent"] as const)("finds a lost create when the list gives its name as %s, by reading new ids, and posts once", async (listNames) => {
    await emulator.changeSettings({ listNames });
    const other = await emulator.seed({ name: "someone-else" });
    await emulator.faults({ operation: op, kind: "reset-after" });
    const attempt = create("unnamed-in-list");
    const { facts } = await attempt;
    const stored = await emulator.livestreams();
    expect(stored.map((l) => l.name).sort()).toEqual(["someone-else", "unnamed-in-list"]);
    expect(facts.livestreamId).toBe(stored.find((l) => l.name === "unnamed-in-list")!.id);
    expect(facts.livestreamId).not.toBe(other.id);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("fails without posting again when a new livestream has no name even when read by id", async () => {
    await emulator.changeSettings({ listNames: "null" });
    await emulator.faults({ operation: op, kind: "reset-before" });
    const attempt = create("named", SEEDED_DURING_ATTEMPT_SETTLE_MS).then(() => "created", (e: Error) => e.message);
    await untilThePostIsLost();
    const nameless = await emulator.seed({ name: null });
    const message = await attempt;
    expect(message).toContain(`livestreams created since have no name in Cloudflare's list nor when read by id: ${nameless.id}`);
    expect(message).toContain("nothing was posted again");
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("fails without posting again when a new livestream listed without a name cannot be read (404)", async () => {
    await emulator.changeSettings({ listNames: "null" });
    await emulator.faults({ operation: op, kind: "reset-after" }, { operation: GET_OP, kind: "status", status: 404, code: 404, message: "not yet", count: 50 });
    const message = await create("lagging-read", 1000).then(() => "created", (e: Error) => e.message);
    const [stored] = await emulator.livestreams();
    expect(message).toContain(`livestreams created since have no name in Cloudflare's list nor when read by id: ${stored.id}`);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it.each([-10, 10, -60])("takes its lost create when Cloudflare's clock is %i minutes off ours, and posts once", async (minutes) => {
    await emulator.changeSettings({ clockOffsetMs: minutes * 60_000 });
    await emulator.faults({ operation: op, kind: "reset-after" });
    const { facts } = await create("skewed");
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([facts.livestreamId]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("takes its lost create when the clocks step apart after Cloudflare made it: the window stays in the clock the attempt began in", async () => {
    const c = client(300);
    await c.learnClock(scope); // the clock as the name check left it, before the attempt
    // Committed at once, its answer held past the client's timeout; the clocks step a minute apart meanwhile (ours
    // back, as NTP steps a fast clock; to the provider the same as Cloudflare's ahead), learnt from the next answer.
    // The first look's list fails (maxRetries 0): the look after it learns the stepped clock first.
    await emulator.faults({ operation: op, kind: "hold", ms: 2000 }, { operation: "fetch_all_livestreams", kind: "status", status: 500 });
    const created = createOnce(c, scope, "clock-step", { settleMs: 300, log: () => undefined });
    while ((await emulator.livestreams()).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await emulator.changeSettings({ clockOffsetMs: 60_000 });
    const facts = await created;
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([facts.livestreamId]);
    // The held POST is logged once answered: wait for it, so that it is counted here and not in a later test.
    while (!(await emulator.calls()).includes(POST)) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await emulator.calls()).filter((call) => call === POST)).toHaveLength(1);
  });

  it("without a Date header in Cloudflare's answers, takes nothing and posts no more: which attempt made the one found cannot be told", async () => {
    await emulator.changeSettings({ dateHeader: false });
    await emulator.faults({ operation: op, kind: "reset-after" });
    const message = await create("undated").then(() => "created", (e: Error) => e.message);
    const [stored] = await emulator.livestreams();
    expect(message).toContain("one of that name exists, but Cloudflare's answers carry no Date header");
    expect(message).toContain(stored.id);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it.each([
    ["without created_at", {}],
    ["with a created_at that is not a time", { created_at: "yesterday" }],
  ])("takes no namesake listed %s, which may be older than the attempt, and posts no more", async (_, when) => {
    // The spec does not require created_at; Node's server sends a Date header, so the clock is known.
    const item = { id: "3fd739f4-3c41-456e-bfba-6ebd51e16d2c", name: "show", status: "IDLE", ...when };
    const server = http.createServer((req, res) => {
      const [status, body] = req.method === "POST"
        ? [502, { success: false, errors: [{ code: 502, message: "Bad gateway" }] }]
        : [200, { success: true, data: req.url?.includes("page_no=2") ? [] : [item], paging: { total_count: 1, start_offset: 1, end_offset: 1 } }];
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const direct = new RealtimeKitClient({ baseUrl: `http://127.0.0.1:${port}/client/v4`, apiToken: TOKEN, timeoutMs: 1000, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, rateLimitBudgetMs: 1000 } });
      const error = await createOnce(direct, scope, "show", { settleMs: 300, log: () => undefined }).then(() => "taken", (e: Error) => e);
      expect(error).toBeInstanceOf(UncertainCreateError);
      const { message } = error as Error;
      expect(message).toContain("Cloudflare's list does not say when it was created");
      expect(message).toContain(item.id);
      expect(message).toContain("nothing was posted again");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("with Cloudflare's clock 10 minutes behind, still never takes one made a minute before the attempt", async () => {
    await emulator.changeSettings({ clockOffsetMs: -10 * 60_000 });
    const older = await emulator.seed({ name: "skewed", created_at: new Date(Date.now() - 11 * 60_000).toISOString() });
    await emulator.faults({ operation: op, kind: "reset-before" });
    const { facts } = await create("skewed");
    expect(facts.livestreamId).not.toBe(older.id);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(2);
  });

  it("counts a livestream once when newest-first pages shift under concurrent creates: no false conflict, no duplicate", async () => {
    // The first creates lose their answers; the others are held so that they land one by one while
    // those lists page through (pages of 2, some latency each).
    await emulator.changeSettings({ maxPerPage: 2, latencyMs: 10 });
    await emulator.faults(
      { operation: op, kind: "reset-after", count: 4 },
      ...Array.from({ length: 16 }, (_, i) => ({ operation: op, kind: "delay" as const, ms: 30 + 25 * i })),
    );
    const names = Array.from({ length: 20 }, (_, i) => `busy-${i}`);
    const results = await Promise.allSettled(names.map((name) => create(name)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const stored = await emulator.livestreams();
    expect(stored.map((l) => l.name).sort()).toEqual([...names].sort());
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(20);
  });

  it("counts its livestream once when a create elsewhere shifts the newest-first pages between two of them", async () => {
    await emulator.changeSettings({ maxPerPage: 1 });
    const older = await emulator.seed({ name: "older-in-window" });
    // The create commits but its answer is lost; then the clock probe, page 1 (ours), and page 2, held.
    await emulator.faults(
      { operation: op, kind: "reset-after" },
      { operation: "fetch_all_livestreams", kind: "delay", ms: 0 },
      { operation: "fetch_all_livestreams", kind: "delay", ms: 0 },
      { operation: "fetch_all_livestreams", kind: "delay", ms: 500 },
    );
    const attempt = create("shifted");
    while ((await emulator.call<{ fired: { delay: number } }>("GET", "/faults")).fired.delay < 3) await new Promise((r) => setTimeout(r, 10));
    await emulator.seed({ name: "newer-elsewhere" }); // newest first: page 2 now shows ours again
    const { facts } = await attempt;
    const mine = (await emulator.livestreams()).find((l) => l.name === "shifted")!;
    expect(facts.livestreamId).toBe(mine.id);
    expect(facts.livestreamId).not.toBe(older.id);
    // The probe and pages 1 and 2 at least, so the held page did come after the shift.
    expect((await emulator.calls()).filter((c) => c === LIST).length).toBeGreaterThanOrEqual(4);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("fails at once, looking for nothing, when no connection could be made: nothing was sent", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const log: string[] = [];
    const unreachable = new RealtimeKitClient({ baseUrl: `http://127.0.0.1:${port}/client/v4`, apiToken: TOKEN, timeoutMs: 1000 });
    const error = await createOnce(unreachable, scope, "never-sent", { settleMs: 300, listPatienceMs: 300, log: (m) => log.push(m) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toContain(`Could not connect to 127.0.0.1:${port} (ECONNREFUSED), so nothing was sent`);
    expect(log).toEqual([]);
  });

  it("finds its livestream past a paging total that under-reports, instead of posting it again", async () => {
    await emulator.changeSettings({ maxPerPage: 1, totalCountShortBy: 1 });
    // Another's, created after this attempt's: newest first it fills page 1, where a listing that trusted the short total ended.
    await emulator.seed({ name: "newer-elsewhere", created_at: new Date(Date.now() + 60_000).toISOString() });
    await emulator.faults({ operation: op, kind: "reset-after" });
    const { facts } = await create("under-reported");
    const mine = (await emulator.livestreams()).find((l) => l.name === "under-reported")!;
    expect(facts.livestreamId).toBe(mine.id);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("never retries a create that the API refused", async () => {
    await emulator.faults({ operation: op, kind: "status", status: 403, code: 10000, message: "Authentication error" });
    await expect(create()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(createOnce(client(), scope, "bad name", { settleMs: 0, log: () => undefined })).rejects.toBeInstanceOf(BadRequestError);
    expect(await emulator.calls()).toEqual([POST, POST]);
    expect(await emulator.livestreams()).toEqual([]);
  });
});

describe("the mark of a create in flight (name-lock.ts), which tells later creates of the name to look for this one first", () => {
  const lockKey = () => `create-once-${process.pid}-${Math.random()}`;
  const markedCreate = (k: string) =>
    withNameLock(k, (held) => createOnce(client(), scope, "marked", { settleMs: 300, log: () => undefined, mark: held.mark({ settleMs: 300 }) })).catch((e: unknown) => e);
  const inFlight = (k: string) => withNameLock(k, async (held) => held.inFlight);

  it.each([
    { when: "before each POST reaches Cloudflare, and kept after the create", fault: { operation: op, kind: "status" as const, status: 503 } },
    { when: "again before a POST the client sends again after a 429's wait, which Cloudflare may commit that late", fault: { operation: op, kind: "status" as const, status: 429, retryAfterMs: 400 } },
  ])("is written $when", async ({ fault }) => {
    const k = lockKey();
    await emulator.faults(fault);
    await markedCreate(k);
    const posted = (await emulator.requests()).filter((r) => r.operation === op).map((r) => Date.parse(r.timestamp));
    const mark = await inFlight(k);
    expect(posted).toHaveLength(2);
    expect(mark!.since).toBeLessThanOrEqual(posted[0]);
    expect(mark!.lastPostAt).toBeGreaterThan(posted[0]);
    expect(mark!.lastPostAt).toBeLessThanOrEqual(posted[1]);
  });

  it("stays when Cloudflare made the livestream but it could not be read", async () => {
    const k = lockKey();
    await emulator.faults({ operation: op, kind: "reset-after" }, { operation: GET_OP, kind: "status", status: 502, count: 10 });
    expect(await markedCreate(k)).toBeInstanceOf(IncompleteCreateError);
    expect(await inFlight(k)).toMatchObject({ pid: process.pid, settleMs: 300 });
  });

  it.each([
    { made: "Cloudflare refused the POST", faults: [{ operation: op, kind: "status" as const, status: 403, code: 10000, message: "Authentication error" }] },
    { made: "three POSTs provably made nothing", faults: [{ operation: op, kind: "status" as const, status: 503, count: 3 }] },
  ])("is removed when $made", async ({ faults }) => {
    const k = lockKey();
    await emulator.faults(...faults);
    await markedCreate(k);
    expect(await emulator.livestreams()).toEqual([]);
    expect(await inFlight(k)).toBeUndefined();
  });
});
