/** The provider's lifecycle against the emulator over real HTTP, as the Pulumi engine drives it. */
import { AuthenticationError, IncompleteCreateError, NotFoundError } from "../../provider/http/errors";
import { LivestreamProvider } from "../../provider/livestream-provider";
import { CheckedInputs, LivestreamOutputs } from "../../provider/types";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../helpers/emulator";
import { IncomingMessage } from "node:http";
import { rawServer, serve } from "../helpers/raw-server";

/** A server of an empty app whose create answers like the emulator, but with `overrides` in the livestream. */
function rawCreateServer(overrides: Record<string, unknown>) {
  const data = {
    id: "0b1e3f5a-4c2d-4e6f-8a9b-123456789abc", name: "named", meeting_id: null, disabled: false, status: "INVOKED", stream_key: "k",
    ingest_server: "rtmps://live.cloudflare.com:443/live/", playback_url: "https://customer-x.cloudflarestream.com/0/manifest/video.m3u8", ...overrides,
  };
  const empty = { success: true, data: [], paging: { total_count: 0 } };
  const answer = (req: IncomingMessage) => (req.method === "POST" ? [201, { success: true, data }] : [200, empty]) as [number, object];
  return serve((req, res) => {
    const [status, body] = answer(req);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
}

const emulator = useEmulator();

function provider(config: Record<string, string> = {}): LivestreamProvider {
  const p = new LivestreamProvider();
  const values: Record<string, string> = {
    "realtimekit:apiToken": TOKEN,
    "realtimekit:baseUrl": emulator.baseUrl,
    "realtimekit:accountId": ACCOUNT_ID,
    "realtimekit:appId": APP_ID,
    "realtimekit:maxRetries": "0",
    ...config,
  };
  void p.configure({ config: { get: (k: string) => values[k], require: (k: string) => values[k] } });
  return p;
}

const inputs = (name = "show-1"): CheckedInputs => ({ name, accountId: ACCOUNT_ID, appId: APP_ID });
/** Inputs as check gives them: with the stamp of when the create was first attempted. */
const stamped = (name = "show-1"): CheckedInputs => ({ ...inputs(name), createStartedAt: expect.any(String) });
/** A livestream resource's URN, as the dynamic door passes it; `parent` is a parent's type. */
const urn = (name: string, parent?: string) =>
  `urn:pulumi:dev::friday::${parent ? `${parent}$` : ""}pulumi-nodejs:dynamic/realtimekit:IndependentLivestream::${name}`;
let logged: string[];
beforeEach(() => {
  logged = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void logged.push(line));
});
afterEach(() => jest.restoreAllMocks());

describe("the IndependentLivestream provider", () => {
  it("walks create, read, diff, update and delete with one POST and no secret in its log", async () => {
    const p = provider();
    const checked = await p.check({}, { name: "show-1" });
    expect(checked).toEqual({ inputs: stamped(), failures: [] });

    const created = await p.create(inputs());
    const [record] = await emulator.livestreams();
    expect(created).toEqual({
      id: record.id,
      outs: {
        ...inputs(), livestreamId: record.id, ingestServer: record.ingest_server, streamKey: record.stream_key,
        playbackUrl: record.playback_url, status: "INVOKED", disabled: false,
      },
    });
    const outs = created.outs as LivestreamOutputs;

    await emulator.change(record.id, { status: "LIVE" });
    const read = await p.read(record.id, outs);
    expect(read).toEqual({ id: record.id, props: { ...outs, status: "LIVE" }, inputs: inputs() });

    expect(await p.diff(record.id, outs, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await p.diff(record.id, outs, inputs("show-2"))).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
    const newCode = { ...inputs(), __provider: "changed code" };
    expect(await p.diff(record.id, { ...outs, __provider: "old code" } as LivestreamOutputs, newCode)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await p.update(record.id, outs, newCode)).toEqual({ outs: { ...outs, __provider: "changed code" } });

    await p.delete(record.id, outs);
    expect(logged).toEqual([
      `realtimekit: livestream ${record.id} changed in Cloudflare since it was last read: status`,
      `realtimekit: livestream ${record.id} ('show-1') was removed from the stack but STILL EXISTS in Cloudflare: the RealtimeKit API cannot delete livestreams, and its stream key stays valid`,
    ]);
    expect(await emulator.calls()).toEqual([
      "GET fetch_all_livestreams",
      "POST create_livestream",
      "GET get-v2-livestream-session-livestream-id",
    ]);
    expect(JSON.stringify(logged)).not.toContain(record.stream_key);
  });

  describe("on refresh, whose diff the engine asks right after the read, with the outputs read as olds and the stored inputs as news", () => {
    const refreshed = async (p: LivestreamProvider, id: string, stored: LivestreamOutputs) => {
      const { props } = await p.read(id, { ...stored, __provider: "code" } as LivestreamOutputs);
      return p.diff(id, { ...props, __provider: "code" } as LivestreamOutputs, { ...inputs(), __provider: "code" } as CheckedInputs);
    };

    it("reports a livestream whose status changed in Cloudflare as changed, replacing nothing, and no change to the next up's diff", async () => {
      const p = provider();
      const { id, outs } = await p.create(inputs());
      await emulator.change(id, { status: "LIVE" });
      expect(await refreshed(p, id, outs as LivestreamOutputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(logged).toEqual([`realtimekit: livestream ${id} changed in Cloudflare since it was last read: status`]);
      const live = { ...outs, status: "LIVE" } as LivestreamOutputs;
      // `up --refresh` asks again in the same process; a later `up` asks a new one.
      expect(await p.diff(id, live, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
      expect(await provider().diff(id, live, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("reports no change when the read found the livestream as stored", async () => {
      const p = provider();
      const { id, outs } = await p.create(inputs());
      expect(await refreshed(p, id, outs as LivestreamOutputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
      expect(logged).toEqual([]);
    });

    it("reports no change to a diff whose olds are not what the read returned", async () => {
      const p = provider();
      const { id, outs } = await p.create(inputs());
      await emulator.change(id, { status: "LIVE" });
      await p.read(id, outs as LivestreamOutputs);
      expect(await p.diff(id, outs as LivestreamOutputs, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    });
  });

  it("completes, on update, a livestream the engine recorded half-created", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());
    const halfCreated = { ...inputs(), livestreamId: id, name: "show-1" } as LivestreamOutputs;
    expect(await p.update(id, halfCreated, inputs())).toEqual({ outs });
  });

  it("passes the resource's inputs with an incomplete create, so the engine stores them", async () => {
    await emulator.faults({ operation: "create_livestream", kind: "reset-after" }, { operation: "get-v2-livestream-session-livestream-id", kind: "status", status: 502, count: 20 });
    const error = await provider({ "realtimekit:timeoutSeconds": "1" }).create(inputs()).then(() => undefined, (e: unknown) => e);
    const [stored] = await emulator.livestreams();
    expect(error).toBeInstanceOf(IncompleteCreateError);
    expect((error as IncompleteCreateError).properties).toEqual({ ...inputs(), livestreamId: stored.id, name: "show-1" });
  });

  it("defaults the name from the resource's URN, and keeps the name a livestream has when that default changes (rename, alias, new stack name)", async () => {
    const p = provider();
    const fresh = await p.check({}, { owner: urn("first") });
    expect(fresh.inputs).toEqual(stamped("friday-dev-first"));
    const kept = await p.check(inputs("friday-dev-first"), { owner: urn("second") });
    expect(kept.inputs).toEqual(stamped("friday-dev-first"));
    const explicit = await p.check(inputs("friday-dev-first"), { name: "chosen", owner: urn("third") });
    expect(explicit.inputs).toEqual(stamped("chosen"));
  });

  it("stores the input name even when Cloudflare answers the create with a null name", async () => {
    const server = await rawCreateServer({ name: null });
    try {
      const p = provider({ "realtimekit:baseUrl": server.baseUrl });
      const { outs } = await p.create(inputs("named"));
      expect(outs).toMatchObject({ name: "named" });
      expect(await p.diff("x", outs as LivestreamOutputs, inputs("named"))).toMatchObject({ changes: false, replaces: [] });
    } finally {
      await server.close();
    }
  });

  it.each([
    ["an HTML 404 page", 404, "text/html", "<html>Not Found</html>"],
    ["a gateway 404 with no code", 404, "application/json", JSON.stringify({ success: false, errors: [], messages: [], result: null })],
    ["a gateway 7003", 400, "application/json", JSON.stringify({ success: false, errors: [{ code: 7003, message: "Could not route" }], messages: [], result: null })],
  ])("never reads %s as a livestream that is gone", async (_what, status, type, body) => {
    const server = await rawServer(status, type, body);
    try {
      const outs: LivestreamOutputs = { ...inputs(), name: "show-1", livestreamId: "l1", ingestServer: "i", streamKey: "k", playbackUrl: "p", status: "IDLE", disabled: false };
      await expect(provider({ "realtimekit:baseUrl": server.baseUrl }).read("l1", outs)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await server.close();
    }
  });

  it("reports a livestream that vanished from Cloudflare as gone, so refresh drops it", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());
    await emulator.vanish(id);
    expect(await p.read(id, outs as LivestreamOutputs)).toEqual({});
  });

  it("fills account and app from config at check, and names each bad field", async () => {
    const p = provider({ "realtimekit:accountId": "", "realtimekit:appId": "" });
    const result = await p.check({}, { name: "bad name", appId: "nope", adoptLivestreamId: "../x" });
    expect(result.failures).toEqual([
      { property: "name", reason: `name must be 1-100 characters, each a letter, digit, '-' or '_' (got "bad name")` },
      { property: "accountId", reason: "accountId is required: set it on the resource, or through config 'realtimekit:accountId' or CLOUDFLARE_ACCOUNT_ID" },
      { property: "appId", reason: `appId must be a UUID such as 14a396e7-ca44-4937-bf1f-050a69118543 (got "nope")` },
      { property: "adoptLivestreamId", reason: `adoptLivestreamId must be a UUID such as 14a396e7-ca44-4937-bf1f-050a69118543 (got "../x")` },
      { property: "name", reason: "name cannot be set together with adoptLivestreamId: an adopted livestream keeps its name in Cloudflare, which the API cannot change" },
    ]);
    expect(await emulator.calls()).toEqual([]);
  });

  it("lets values unknown during preview pass check", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect((await provider().check({}, { name: unknown, appId: unknown })).failures).toEqual([]);
  });

  it("reports missing or bad settings as check failures naming each setting, before any request", async () => {
    const p = provider({ "realtimekit:apiToken": "", "realtimekit:baseUrl": "ftp://x", "realtimekit:createSettleSeconds": "1" });
    const saved = process.env.CLOUDFLARE_API_TOKEN;
    delete process.env.CLOUDFLARE_API_TOKEN;
    try {
      expect((await p.check({}, { name: "a" })).failures).toEqual([
        { property: "apiToken", reason: "No Cloudflare API token: set it with 'pulumi config set --secret realtimekit:apiToken <token>' or the CLOUDFLARE_API_TOKEN environment variable" },
        { property: "baseUrl", reason: expect.stringMatching(/^Config 'realtimekit:baseUrl' must be an https URL/) },
        { property: "createSettleSeconds", reason: `Config 'realtimekit:createSettleSeconds' must be a whole number from 2 to 600 (got "1")` },
      ]);
    } finally {
      if (saved !== undefined) process.env.CLOUDFLARE_API_TOKEN = saved;
    }
    expect(await emulator.calls()).toEqual([]);
  });

  it("lower-cases ids at check, so that a change of case alone is no change", async () => {
    const p = provider({ "realtimekit:accountId": ACCOUNT_ID.toUpperCase() });
    const checked = await p.check({}, { name: "show-1", appId: APP_ID.toUpperCase() });
    expect(checked).toEqual({ inputs: stamped(), failures: [] });
    const storedUpper = { ...inputs(), appId: APP_ID.toUpperCase() } as LivestreamOutputs;
    expect(await p.diff("x", storedUpper, checked.inputs!)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("waits for a slow create past a short request timeout instead of posting a duplicate", async () => {
    await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 4000 });
    const started = Date.now();
    const { id } = await provider({ "realtimekit:timeoutSeconds": "1" }).create(inputs());
    // Whatever create answered, look only once the held POST has landed too.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + 4500 - Date.now())));
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([id]);
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
  }, 20_000); // it waits out the 4 s POST and 4.5 s in all: jest's default 5 s is too close on a loaded machine

  it("refuses at check a second resource that asks for a name another already has in the same app, naming both", async () => {
    const p = provider();
    expect((await p.check({}, { name: "stage", owner: urn("main") })).failures).toEqual([]);
    expect((await p.check({}, { name: "stage", owner: urn("main") })).failures).toEqual([]);
    expect((await p.check({}, { name: "stage", owner: urn("backup") })).failures).toEqual([
      { property: "name", reason: "name 'stage' is also the name of resource 'main' in the same app: give each livestream its own name, since names identify livestreams" },
    ]);
    const otherApp = "0b1e3f5a-4c2d-4e6f-8a9b-123456789abc";
    expect((await p.check({}, { name: "stage", owner: urn("elsewhere"), appId: otherApp })).failures).toEqual([]);
  });

  it("refuses at check a second resource that adopts the livestream another already adopts: one stream key in two resources", async () => {
    const p = provider();
    const id = "3fd739f4-3c41-456e-bfba-6ebd51e16d2c";
    expect((await p.check({}, { adoptLivestreamId: id, owner: urn("main") })).failures).toEqual([]);
    expect((await p.check({}, { adoptLivestreamId: id.toUpperCase(), owner: urn("main") })).failures).toEqual([]);
    expect((await p.check({}, { adoptLivestreamId: id.toUpperCase(), owner: urn("copy") })).failures).toEqual([
      { property: "adoptLivestreamId", reason: `adoptLivestreamId '${id}' is also adopted by resource 'main': a livestream belongs to one resource, since both would hand out its stream key` },
    ]);
  });

  describe("never lets two resources of one process hold one livestream, whether reached by its id or by its name", () => {
    const twoHolders = (id: string, a: string, b: string) =>
      `livestream ${id} ('stage') would be held by resource '${a}' and by resource '${b}': a livestream belongs to one resource, since both would hand out its stream key; keep one of them`;

    it("refuses at check an adoptExisting whose livestream another resource adopts by id, and the reverse", async () => {
      const { id } = await emulator.seed({ name: "stage" });
      const p = provider();
      expect((await p.check({}, { adoptLivestreamId: id, owner: urn("by-id") })).failures).toEqual([]);
      await expect(p.check({}, { name: "stage", adoptExisting: true, owner: urn("by-name") })).rejects.toThrow(twoHolders(id, "by-name", "by-id"));

      const q = provider();
      expect((await q.check({}, { name: "stage", adoptExisting: true, owner: urn("by-name") })).failures).toEqual([]);
      expect((await q.check({}, { adoptLivestreamId: id, owner: urn("by-id") })).failures).toEqual([
        { property: "adoptLivestreamId", reason: `adoptLivestreamId '${id}' is also adopted by resource 'by-name': a livestream belongs to one resource, since both would hand out its stream key` },
      ]);
    });

    it("refuses at create the adoption by id of the livestream a resource in state holds by its name, with no request but the GET", async () => {
      const { id } = await emulator.seed({ name: "stage" });
      const p = provider();
      expect((await p.check({ ...inputs("stage"), createStartedAt: "2026-01-02T03:04:05.000Z" }, { name: "stage", owner: urn("held") })).failures).toEqual([]);
      expect((await p.check({}, { adoptLivestreamId: id, owner: urn("by-id") })).failures).toEqual([]);
      await expect(p.create({ accountId: ACCOUNT_ID, appId: APP_ID, adoptLivestreamId: id })).rejects.toThrow(twoHolders(id, "by-id", "held"));
      expect((await emulator.calls()).filter((c) => c.startsWith("POST"))).toEqual([]);
    });

    it("adopts by id one of two livestreams sharing a name while another resource holds the other by that name", async () => {
      const [first, second] = [await emulator.seed({ name: "stage" }), await emulator.seed({ name: "stage" })];
      const p = provider();
      await p.check({ ...inputs("stage"), createStartedAt: "2026-01-02T03:04:05.000Z" }, { name: "stage", owner: urn("held") });
      await p.check({}, { adoptLivestreamId: second.id, owner: urn("by-id") });
      expect((await p.create({ accountId: ACCOUNT_ID, appId: APP_ID, adoptLivestreamId: second.id })).id).toBe(second.id);
      expect(first.id).not.toBe(second.id);
    });
  });

  it("refuses to adopt a livestream another stack of this machine took, naming it, until that stack's resource is deleted", async () => {
    const { id } = await emulator.seed({ name: "stage" });
    const inProd = provider();
    await inProd.check({}, { adoptLivestreamId: id, owner: urn("main").replace("urn:pulumi:dev::", "urn:pulumi:prod::") });
    const { outs } = await inProd.create({ accountId: ACCOUNT_ID, appId: APP_ID, adoptLivestreamId: id });

    const inDev = provider();
    await inDev.check({}, { name: "stage", adoptExisting: true, owner: urn("copy") });
    await expect(inDev.create({ ...inputs("stage"), adoptExisting: true })).rejects.toThrow(
      `livestream ${id} ('stage') is taken by stack friday/prod (its pulumi up at `,
    );
    await provider().delete(id, outs as LivestreamOutputs); // prod's later up, whose program no longer declares it
    expect((await inDev.create({ ...inputs("stage"), adoptExisting: true })).id).toBe(id);
    expect((await emulator.calls()).filter((c) => c.startsWith("POST"))).toEqual([]);
  });

  it("refuses to adopt a livestream another stack of this machine created, naming it, until that stack's resource is deleted", async () => {
    const inProd = provider();
    await inProd.check({}, { name: "made-in-prod", owner: urn("main").replace("urn:pulumi:dev::", "urn:pulumi:prod::") });
    const { id, outs } = await inProd.create(inputs("made-in-prod"));

    const inDev = provider();
    await inDev.check({}, { adoptLivestreamId: id, owner: urn("copy") });
    await expect(inDev.create({ accountId: ACCOUNT_ID, appId: APP_ID, adoptLivestreamId: id })).rejects.toThrow(
      `livestream ${id} ('made-in-prod') is taken by stack friday/prod (its pulumi up at `,
    );
    await provider().delete(id, outs as LivestreamOutputs);
    expect((await inDev.create({ accountId: ACCOUNT_ID, appId: APP_ID, adoptLivestreamId: id })).id).toBe(id);
    expect((await emulator.calls()).filter((c) => c.startsWith("POST"))).toHaveLength(1);
  });

  it("tells apart resources of one resource name under parents of different types, and names the parent", async () => {
    const p = provider();
    expect((await p.check({}, { name: "stage", owner: urn("show", "my:index:Studio") })).failures).toEqual([]);
    expect((await p.check({}, { name: "stage", owner: urn("show", "my:index:Backup") })).failures).toEqual([
      { property: "name", reason: "name 'stage' is also the name of resource 'show' under my:index:Studio in the same app: give each livestream its own name, since names identify livestreams" },
    ]);
    const kept = await p.check(inputs("kept-by-studio"), { owner: urn("show", "my:index:Studio") });
    expect(kept.inputs?.name).toBe("kept-by-studio");
    expect((await p.check({}, { owner: urn("show", "my:index:Backup") })).inputs?.name).toBe("friday-dev-show");
  });

  it("keeps a kept name through a replacement, whose check comes without the old inputs", async () => {
    const p = provider();
    const first = await p.check(inputs("kept-name"), { owner: urn("show") });
    expect(first.inputs).toEqual(stamped("kept-name"));
    const replacement = await p.check({}, { owner: urn("show") });
    expect(replacement.inputs).toEqual(stamped("kept-name"));
    expect((await p.check({}, { owner: urn("other") })).inputs).toEqual(stamped("friday-dev-other"));
  });

  it("stamps at check when a create is first attempted, and carries the stamp through later checks and refresh, never as a diff", async () => {
    const p = provider();
    const before = Date.now();
    const first = (await p.check({}, { name: "show-1" })).inputs!;
    expect(Date.parse(first.createStartedAt!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(first.createStartedAt!)).toBeLessThanOrEqual(Date.now());

    const old = { ...inputs(), createStartedAt: "2026-01-02T03:04:05.000Z" };
    const later = (await p.check(old, { name: "show-1", createStartedAt: "1999-01-01T00:00:00.000Z" } as never)).inputs!;
    expect(later).toEqual(old); // the stored stamp, whatever the program sent
    const created = await p.create(later);
    const outs = created.outs as LivestreamOutputs;
    expect(await p.diff(created.id, outs, later)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await p.read(created.id, outs)).inputs).toEqual(old);
    // State written before the stamp existed: the new stamp is no diff either.
    expect(await p.diff(created.id, { ...outs, createStartedAt: undefined }, first)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("stamps anew when a changed input replaces the livestream: the replacement's create starts now", async () => {
    const p = provider();
    const old = { ...inputs(), createStartedAt: "2026-01-02T03:04:05.000Z" };
    const replaced = (await p.check(old, { name: "show-2" })).inputs!;
    expect(Date.parse(replaced.createStartedAt!)).toBeGreaterThan(Date.parse(old.createStartedAt));
    expect((await p.diff("x", old as LivestreamOutputs, replaced)).replaces).toEqual(["name"]);
    // A change of case alone is no change, so no new stamp.
    expect((await p.check({ ...old, appId: APP_ID.toUpperCase() }, { name: "show-1" })).inputs).toEqual(old);
  });

  it("adopts an existing livestream with one GET and no POST", async () => {
    const existing = await emulator.seed({ name: "made-elsewhere" });
    const p = provider();
    const adopted = { accountId: ACCOUNT_ID, appId: APP_ID, adoptLivestreamId: existing.id };
    const { id, outs } = await p.create(adopted);
    expect(id).toBe(existing.id);
    expect(outs).toMatchObject({ name: "made-elsewhere", streamKey: existing.stream_key, adoptLivestreamId: existing.id });
    expect(await emulator.calls()).toEqual(["GET get-v2-livestream-session-livestream-id"]);
    expect(await p.diff(id, outs as LivestreamOutputs, adopted)).toMatchObject({ changes: false, replaces: [] });
  });

  it("fails to adopt a livestream that does not exist, naming it", async () => {
    const missing = "11111111-2222-4333-8444-555555555555";
    await expect(provider().create({ accountId: ACCOUNT_ID, appId: APP_ID, adoptLivestreamId: missing })).rejects.toThrow(
      new NotFoundError(`adoptLivestreamId: no livestream ${missing} exists in app ${APP_ID} of account ${ACCOUNT_ID}`),
    );
  });

  it("turns a wrong token into an AuthenticationError with Cloudflare's code and without the token", async () => {
    const wrong = "wrong-token-0123456789";
    const error = await provider({ "realtimekit:apiToken": wrong }).create(inputs()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 403, code: 10000 });
    expect((error as Error).message).toContain("Cloudflare said: Authentication error");
    expect((error as Error).message).not.toContain(wrong);
    expect(await emulator.livestreams()).toEqual([]);
  });
});
