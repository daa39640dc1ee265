/**
 * A name is one livestream per app: a create whose name its app already holds sends no POST, and
 * says who holds it and the ways out; `adoptExisting` takes the one holder instead. The app is
 * listed once per provider process, whatever the number of creates. A create that failed not knowing
 * what it made, or whose process was killed, is looked for by the next create of its name, which is refused.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { FaultReport } from "../../../emulator";
import { AppNames } from "../../../provider/names/app-names";
import { DECLARED_PREVIEW_ENV } from "../../../provider/recovery/declared-livestreams";
import { READS_AT_ONCE, RealtimeKitClient } from "../../../provider/http/client";
import { IncompleteCreateError, NameTakenError } from "../../../provider/http/errors";
import { NameCache } from "../../../provider/names/name-cache";
import { LivestreamProvider } from "../../../provider/livestream-provider";
import { CheckedInputs } from "../../../provider/types";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../../helpers/emulator";
import { emulatorProxy } from "../../helpers/emulator-proxy";

const emulator = useEmulator();
/** Each test's own cache folder, so that no test reads what another learnt, and none writes to the user's. */
let cacheDir: string;
beforeEach(() => (cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "app-names-cache-"))));
afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
const OTHER_APP_ID = "7b2d7a35-1b1e-4c3f-9d2a-0e5f6a7b8c9d";
const POST = "POST create_livestream";
const LIST = "GET fetch_all_livestreams";

function provider(more: Record<string, string> = {}): LivestreamProvider {
  const p = new LivestreamProvider(() => undefined, new AppNames(new NameCache(cacheDir)));
  const values: Record<string, string> = {
    "realtimekit:apiToken": TOKEN, "realtimekit:baseUrl": emulator.baseUrl,
    "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID, "realtimekit:maxRetries": "0", ...more,
  };
  void p.configure({ config: { get: (k: string) => values[k], require: (k: string) => values[k] } });
  return p;
}

const inputs = (name: string, more: Partial<CheckedInputs> = {}): CheckedInputs => ({ name, accountId: ACCOUNT_ID, appId: APP_ID, ...more });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The compiled provider, for a second process (npm test builds first).
const compiledProvider = path.resolve(__dirname, "../../../dist/provider/livestream-provider.js");
const posts = async () => (await emulator.calls()).filter((c) => c === POST).length;

describe("one livestream per name in an app", () => {
  it("refuses a create whose name the app holds, posting nothing, naming the holder and the ways out", async () => {
    const held = await emulator.seed({ name: "stage", created_at: "2026-11-14T09:00:00.000Z" });
    const error = await provider().create(inputs("stage")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameTakenError);
    const message = (error as Error).message;
    expect(message).toContain(`App ${APP_ID} already has a livestream named 'stage': ${held.id} (created 2026-11-14T09:00:00.000Z)`);
    expect(message).toContain("it may belong to another stack or program");
    expect(message).toContain("even if its pending creates were cleared since), run 'realtimekit-recover'");
    expect(message).toContain(`'adoptExisting: true', or 'adoptLivestreamId: ${held.id}'`);
    expect(message).toContain("choose another name");
    expect(await posts()).toBe(0);
    expect(await emulator.livestreams()).toHaveLength(1);
  });

  it("refuses it at preview too, as create does: check throws the refusal for a resource not yet in state, not a failure of a bad 'name'", async () => {
    const held = await emulator.seed({ name: "stage" });
    const error = await provider().check({}, { name: "stage" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameTakenError);
    expect((error as Error).message).toContain(`App ${APP_ID} already has a livestream named 'stage': ${held.id}`);
    expect(await posts()).toBe(0);
  });

  it("leaves the name to create in recovery's preview, which only learns what the program declares", async () => {
    await emulator.seed({ name: "stage" });
    process.env[DECLARED_PREVIEW_ENV] = "1";
    try {
      const p = provider();
      expect((await p.check({}, { name: "stage" })).failures).toEqual([]);
      await expect(p.create(inputs("stage"))).rejects.toBeInstanceOf(NameTakenError);
      expect(await posts()).toBe(0);
    } finally {
      delete process.env[DECLARED_PREVIEW_ENV];
    }
  });

  it("lists nothing at check for a resource already in state, nor for an adoption", async () => {
    await emulator.seed({ name: "stage" });
    const p = provider();
    const stored = { ...inputs("stage"), createStartedAt: new Date().toISOString() };
    expect((await p.check(stored, { name: "stage" })).failures).toEqual([]);
    expect((await p.check({}, { adoptLivestreamId: "0b1e3f5a-4c2d-4e6f-8a9b-123456789abc" })).failures).toEqual([]);
    expect(await emulator.calls()).toEqual([]);
  });

  it("allows the name in another app, and a name the app does not hold", async () => {
    await emulator.seed({ name: "stage" });
    const p = provider();
    await p.create(inputs("stage", { appId: OTHER_APP_ID }));
    await p.create(inputs("backstage"));
    expect(await posts()).toBe(2);
  });

  it("lists the app once per process for many creates, and refuses a name this process made", async () => {
    const p = provider();
    for (const name of ["a", "b", "c"]) expect((await p.check({}, { name })).failures).toEqual([]);
    for (const name of ["a", "b", "c"]) await p.create(inputs(name));
    const calls = await emulator.calls();
    expect(calls.filter((c) => c === LIST)).toHaveLength(1);
    expect(calls.filter((c) => c === POST)).toHaveLength(3);
    await expect(p.create(inputs("a"))).rejects.toBeInstanceOf(NameTakenError);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(3);
  });

  it("lets one of two processes that listed the app before either created post a name, and refuses the other", async () => {
    // Two providers stand for two processes of one update (two explicit providers of one app): both list first.
    const [first, second] = [provider(), provider()];
    for (const p of [first, second]) expect((await p.check({}, { name: "raced" })).failures).toEqual([]);
    await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 500, count: 2 });
    const results = await Promise.allSettled([first.create(inputs("raced")), second.create(inputs("raced"))]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(NameTakenError);
    expect(await posts()).toBe(1);
    expect((await emulator.livestreams()).map((l) => l.name)).toEqual(["raced"]);
  });

  it("refuses the waiting process when the first one's create failed after Cloudflare made it (its read-back answered 500s)", async () => {
    const name = `unread-${process.pid}-${Date.now()}`;
    const [first, second] = [provider({ "realtimekit:timeoutSeconds": "1" }), provider()];
    for (const p of [first, second]) expect((await p.check({}, { name })).failures).toEqual([]);
    // Cloudflare commits the first POST at once but answers after the client gave up; every read by id fails.
    await emulator.faults(
      { operation: "create_livestream", kind: "hold", ms: 1500 },
      { operation: "get-v2-livestream-session-livestream-id", kind: "status", status: 500, count: 20 },
    );
    const started = Date.now();
    const [failed, refused] = await Promise.allSettled([first.create(inputs(name)), second.create(inputs(name))]);
    await sleep(Math.max(0, started + 1600 - Date.now())); // the held POST is logged once answered
    expect((await emulator.livestreams()).map((l) => l.name)).toEqual([name]);
    expect(await posts()).toBe(1);
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(IncompleteCreateError);
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(NameTakenError);
  });

  it("refuses a create while a killed process's POST of the name may still be committing", async () => {
    if (!fs.existsSync(compiledProvider)) throw new Error(`${compiledProvider} is missing: run 'npm run build' (npm test does)`);
    const name = `killed-${process.pid}-${Date.now()}`;
    const waiting = provider();
    expect((await waiting.check({}, { name })).failures).toEqual([]);
    // Cloudflare commits the other process's POST 2 s after it came; the process is killed before that.
    await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 2000 });
    const script = `
      const { LivestreamProvider } = require(${JSON.stringify(compiledProvider)});
      const values = ${JSON.stringify({ "realtimekit:apiToken": TOKEN, "realtimekit:baseUrl": emulator.baseUrl, "realtimekit:maxRetries": "0" })};
      const p = new LivestreamProvider(() => undefined);
      p.configure({ config: { get: (k) => values[k], require: (k) => values[k] } })
        .then(() => p.create(${JSON.stringify(inputs(name))}));`;
    const other = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
    const gone = new Promise((resolve) => other.on("exit", resolve));
    while ((await emulator.call<FaultReport>("GET", "/faults")).fired.delay < 1) await sleep(20);
    const landsBy = Date.now() + 2500;
    other.kill("SIGKILL");
    await gone;

    const error = await waiting.create(inputs(name)).catch((e: unknown) => e);
    await sleep(Math.max(0, landsBy - Date.now())); // whatever create did, count once the killed process's POST has landed
    expect((await emulator.livestreams()).map((l) => l.name)).toEqual([name]);
    expect(await posts()).toBe(1);
    expect(error).toBeInstanceOf(NameTakenError);
  }, 20_000);

  it("learns names the list leaves out by reading those livestreams by id", async () => {
    const held = await emulator.seed({ name: "stage" });
    await emulator.changeSettings({ listNames: "null" });
    await expect(provider().create(inputs("stage"))).rejects.toThrow(held.id);
    expect(await posts()).toBe(0);
  });

  it("takes the one holder with adoptExisting, with a GET and no POST", async () => {
    const held = await emulator.seed({ name: "stage" });
    const p = provider();
    expect((await p.check({}, { name: "stage", adoptExisting: true })).failures).toEqual([]);
    const { id, outs } = await p.create(inputs("stage", { adoptExisting: true }));
    expect(id).toBe(held.id);
    expect(outs).toMatchObject({ name: "stage", streamKey: held.stream_key, adoptExisting: true });
    expect(await posts()).toBe(0);
  });

  it("creates with adoptExisting when the app has none of the name", async () => {
    const { outs } = await provider().create(inputs("fresh", { adoptExisting: true }));
    expect(outs).toMatchObject({ name: "fresh" });
    expect(await posts()).toBe(1);
  });

  it("refuses adoptExisting when the app holds two of the name, listing both, at preview and at create", async () => {
    const [first, second] = [await emulator.seed({ name: "stage" }), await emulator.seed({ name: "stage" })];
    const p = provider();
    const refusal = await p.check({}, { name: "stage", adoptExisting: true }).catch((e: Error) => e.message);
    expect(refusal).toContain(`${first.id} (created`);
    expect(refusal).toContain(`${second.id} (created`);
    await expect(p.create(inputs("stage", { adoptExisting: true }))).rejects.toThrow("adopt one ('adoptLivestreamId: <id>')");
    expect(await posts()).toBe(0);
  });

  it("refuses adoptExisting beside adoptLivestreamId, and a value that is not a boolean", async () => {
    const p = provider();
    const both = await p.check({}, { adoptLivestreamId: "0b1e3f5a-4c2d-4e6f-8a9b-123456789abc", adoptExisting: true });
    expect(both.failures).toEqual([{ property: "adoptExisting", reason: expect.stringContaining("cannot be set together with adoptLivestreamId") }]);
    const text = await p.check({}, { name: "x", adoptExisting: "yes" as unknown as boolean });
    expect(text.failures).toEqual([{ property: "adoptExisting", reason: 'adoptExisting must be true or false (got "yes")' }]);
  });

  it("says why a preview lists the app when that list fails, without the name", async () => {
    await emulator.faults({ operation: "fetch_all_livestreams", kind: "status", status: 403, code: 10000, message: "Authentication error" });
    const error = await provider().check({}, { name: "hidden-name" }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`^Listing app ${APP_ID}'s livestream names, to refuse a name it already has: `));
    expect((error as Error).message).not.toContain("hidden-name");
    expect(await posts()).toBe(0);
  });

  it("tells how to set adoptExisting as a boolean in stack config when it came as text", async () => {
    const { failures } = await provider().check({}, { name: "x", adoptExisting: "true" as unknown as boolean });
    expect(failures).toEqual([{ property: "adoptExisting", reason: expect.stringContaining("--type bool") }]);
  });

  it("replaces nothing when adoptExisting changes", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs("stage"));
    expect(await p.diff(id, outs as never, inputs("stage", { adoptExisting: true }))).toMatchObject({ changes: false, replaces: [] });
  });
});

describe("the names of an app of many livestreams", () => {
  const scope = { accountId: ACCOUNT_ID, appId: APP_ID };
  const LIST = "GET fetch_all_livestreams";
  const READ = "GET get-v2-livestream-session-livestream-id";
  const client = (baseUrl = emulator.baseUrl) => new RealtimeKitClient({ baseUrl, apiToken: TOKEN, timeoutMs: 10_000, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, rateLimitBudgetMs: 0 } });
  const names = () => new AppNames(new NameCache(cacheDir));
  /** Seeds `count` livestreams named `${prefix}-<i>`, 20 at a time; answers them in order. */
  const seed = async (count: number, prefix = "seeded") => {
    const seeded = [];
    for (let i = 0; i < count; i += 20) seeded.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => emulator.seed({ name: `${prefix}-${i + j}` })))));
    return seeded;
  };
  /** Every seeded livestream is found under its name, and only it. */
  const expectAllHeld = async (appNames: AppNames, c: RealtimeKitClient, seeded: { id: string; name: string | null }[]) => {
    for (const { id, name } of seeded) expect((await appNames.holders(c, scope, name!)).map((h) => h.livestreamId)).toEqual([id]);
  };
  const count = async (call: string) => (await emulator.calls()).filter((c) => c === call).length;

  it(`reads the pages its first page's total promises ${READS_AT_ONCE} at a time, and finds every name`, async () => {
    await emulator.changeSettings({ maxPerPage: 10 }); // 155 livestreams: 16 pages, then the empty one
    const seeded = await seed(155);
    const proxy = await emulatorProxy(emulator.running.url, { gatherMs: 100 });
    try {
      const c = client(proxy.baseUrl);
      await expectAllHeld(names(), c, seeded);
      expect(proxy.mostOpen()).toBe(READS_AT_ONCE);
      expect(await count(LIST)).toBe(17);
    } finally {
      await proxy.close();
    }
  });

  it("finds livestreams created while the list is read, where the pages already read had room for them", async () => {
    await emulator.changeSettings({ maxPerPage: 10 });
    const seeded = await seed(155);
    const creator = client();
    const late: { id: string; name: string | null }[] = [];
    // Once the 16 promised pages are read, and before the next one is, three creates land on page 16, read already.
    const proxy = await emulatorProxy(emulator.running.url, {
      before: async (url) => {
        if (url.searchParams.get("page_no") !== "17" || late.length > 0) return;
        for (const name of ["late-0", "late-1", "late-2"]) late.push({ id: (await creator.createLivestream(scope, name)).livestreamId, name });
      },
    });
    try {
      const [c, appNames] = [client(proxy.baseUrl), names()];
      await appNames.holders(c, scope, "seeded-0"); // the list, with the creates during it
      expect(late).toHaveLength(3);
      await expectAllHeld(appNames, c, [...seeded, ...late]);
    } finally {
      await proxy.close();
    }
  });

  it("reads each livestream the list leaves nameless by id once per machine: another process sharing the cache reads none", async () => {
    await emulator.changeSettings({ listNames: "null", maxPerPage: 10 });
    const seeded = await seed(30);
    const nameless = await emulator.seed({ name: null });
    const c = client();
    await expectAllHeld(names(), c, seeded);
    expect(await count(READ)).toBe(31);
    await expectAllHeld(names(), c, seeded);
    expect(await count(READ)).toBe(31);
    // One more livestream: the next process reads that one alone, and still knows the nameless one has no name.
    const [later] = await seed(1, "later");
    await expectAllHeld(names(), c, [...seeded, later]);
    expect(await count(READ)).toBe(32);
    expect(nameless.name).toBeNull();
  });

  it("keeps what it learnt of one API apart from another's: an emulator's livestream ids say nothing of another's names", async () => {
    const id = "11111111-1111-4111-8111-111111111111";
    await emulator.changeSettings({ listNames: "null" });
    await emulator.seed({ id, name: "seed-one" });
    const other = await emulatorProxy(emulator.running.url, {}); // another base URL: another API, as far as the cache knows
    try {
      expect((await names().holders(client(other.baseUrl), scope, "seed-one")).map((h) => h.livestreamId)).toEqual([id]);
    } finally {
      await other.close();
    }
    // A fresh emulator whose livestream of that id has another name: the cache of the first must not hide it.
    await emulator.reset();
    await emulator.changeSettings({ listNames: "null" });
    await emulator.seed({ id, name: "seed-two" });
    expect((await names().holders(client(), scope, "seed-two")).map((h) => h.livestreamId)).toEqual([id]);
  });

  it("keeps in the cache what a process creates where the list leaves names out, so the next one reads none of it", async () => {
    await emulator.changeSettings({ listNames: "null" });
    const seeded = await seed(3);
    const maker = provider();
    const made = await maker.create(inputs("made-here"));
    await maker.create(inputs("made-here-too"));
    expect(await count(READ)).toBe(3);
    await expectAllHeld(names(), client(), [...seeded, { id: made.id, name: "made-here" }]);
    expect(await count(READ)).toBe(3);
  });

  it("keeps no name and no stream key in the cache", async () => {
    await emulator.changeSettings({ listNames: "null" });
    const seeded = await seed(5);
    await expectAllHeld(names(), client(), seeded);
    const files = fs.readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    const text = fs.readFileSync(path.join(cacheDir, files[0]), "utf8");
    expect(text).toContain(seeded[0].id);
    for (const { name, stream_key } of seeded) {
      expect(text).not.toContain(name!);
      expect(text).not.toContain(stream_key);
    }
  });

  it.each([
    ["not JSON", () => "{\"version\": 1, \"digests\": {"],
    ["a name in clear where a digest belongs", (id: string) => JSON.stringify({ version: 2, api: emulator.baseUrl, accountId: ACCOUNT_ID, appId: APP_ID, digests: { [id]: "seeded-0" } })],
    ["another app's file", (id: string) => JSON.stringify({ version: 2, api: emulator.baseUrl, accountId: ACCOUNT_ID, appId: "7b2d7a35-1b1e-4c3f-9d2a-0e5f6a7b8c9d", digests: { [id]: "0".repeat(64) } })],
    ["another API's file", (id: string) => JSON.stringify({ version: 2, api: "https://api.cloudflare.com/client/v4", accountId: ACCOUNT_ID, appId: APP_ID, digests: { [id]: "0".repeat(64) } })],
  ])("ignores a cache file that is %s, reads by id again, and writes a whole one", async (_what, corrupt) => {
    await emulator.changeSettings({ listNames: "null" });
    const seeded = await seed(5);
    const c = client();
    await expectAllHeld(names(), c, seeded);
    const [file] = fs.readdirSync(cacheDir).map((f) => path.join(cacheDir, f));
    fs.writeFileSync(file, corrupt(seeded[0].id));
    await expectAllHeld(names(), c, seeded);
    expect(await count(READ)).toBe(10);
    await expectAllHeld(names(), c, seeded);
    expect(await count(READ)).toBe(10);
  });

  it("keeps what two processes learn at once", async () => {
    await emulator.changeSettings({ listNames: "null" });
    const seeded = await seed(12);
    const c = client();
    await Promise.all([expectAllHeld(names(), c, seeded), expectAllHeld(names(), c, seeded)]);
    await expectAllHeld(names(), c, seeded);
    expect(await count(READ)).toBe(24);
  });

  it("keeps the names read before a read by id failed, so that the next process reads only the rest", async () => {
    await emulator.changeSettings({ listNames: "null" });
    const seeded = await seed(20);
    const read = "get-v2-livestream-session-livestream-id";
    await emulator.faults({ operation: read, kind: "delay", ms: 0, count: 9 }, { operation: read, kind: "status", status: 403, code: 10000, message: "Authentication error" });
    const c = client();
    await expect(names().holders(c, scope, "seeded-0")).rejects.toThrow("Authentication error");
    const [firstReads, cached] = [await count(READ), new NameCache(cacheDir).read({ ...scope, api: emulator.baseUrl }).size];
    expect(cached).toBeGreaterThanOrEqual(9);
    await expectAllHeld(names(), c, seeded);
    expect(await count(READ)).toBe(firstReads + 20 - cached);
  });
});
