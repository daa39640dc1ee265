/**
 * A name is one livestream per app: a create whose name its app already holds sends no POST, and
 * says who holds it and the ways out; `adoptExisting` takes the one holder instead. The app is
 * listed once per provider process, whatever the number of creates.
 */
import { NameTakenError } from "../../provider/errors";
import { LivestreamProvider } from "../../provider/provider";
import { CheckedInputs } from "../../provider/types";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../helpers/emulator";

const emulator = useEmulator();
const OTHER_APP_ID = "7b2d7a35-1b1e-4c3f-9d2a-0e5f6a7b8c9d";
const POST = "POST create_livestream";
const LIST = "GET fetch_all_livestreams";

function provider(): LivestreamProvider {
  const p = new LivestreamProvider(() => undefined);
  const values: Record<string, string> = {
    "realtimekit:apiToken": TOKEN, "realtimekit:baseUrl": emulator.baseUrl,
    "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID, "realtimekit:maxRetries": "0",
  };
  void p.configure({ config: { get: (k: string) => values[k], require: (k: string) => values[k] } });
  return p;
}

const inputs = (name: string, more: Partial<CheckedInputs> = {}): CheckedInputs => ({ name, accountId: ACCOUNT_ID, appId: APP_ID, ...more });
const posts = async () => (await emulator.calls()).filter((c) => c === POST).length;

describe("one livestream per name in an app", () => {
  it("refuses a create whose name the app holds, posting nothing, naming the holder and the ways out", async () => {
    const held = await emulator.seed({ name: "stage", created_at: "2026-11-14T09:00:00.000Z" });
    const error = await provider().create(inputs("stage")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameTakenError);
    const message = (error as Error).message;
    expect(message).toContain(`App ${APP_ID} already has a livestream named 'stage': ${held.id} (created 2026-11-14T09:00:00.000Z)`);
    expect(message).toContain("realtimekit-recover");
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
