/** Identifying an interrupted create's livestream in Cloudflare (the emulator, over HTTP): only ever one certain to be its own. */
import { BackendHoldings, THIS_STACK } from "../../../provider/recovery/backend-holdings";
import { RealtimeKitClient } from "../../../provider/http/client";
import { ExportedStack, PendingCreate, StateResource } from "../../../provider/recovery/pending-creates";
import { DYNAMIC_TYPE_TOKEN } from "../../../provider/engine/tokens";
import { ClientFor, CLOCK_TOLERANCE_MS, identify, MADE_HERE, orphansOf, RecoveryConflictError, SinceOf } from "../../../provider/recovery/recover";
import { withClaimedNames } from "../../../provider/recovery/claimed-names";
import { LivestreamProvider } from "../../../provider/livestream-provider";
import { nameLockKey, withNameLock } from "../../../provider/names/name-lock";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { userCacheDir } from "../../../provider/names/user-cache";
import * as path from "node:path";

// The compiled lock, for a process that records a create and exits (npm test builds first).
const compiledLock = path.resolve(__dirname, "../../../dist/provider/names/name-lock.js");
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../../helpers/emulator";
import { listServer } from "../../helpers/raw-server";
import { READS_AT_ONCE } from "../../../provider/http/client";

const emulator = useEmulator();
const newClient = () => new RealtimeKitClient({ baseUrl: emulator.baseUrl, apiToken: TOKEN, timeoutMs: 5000 });
/** One client for every create, as when all went through the stack's provider. */
const client = (): ClientFor => {
  const one = newClient();
  return () => one;
};
const urn = (name: string) => `urn:pulumi:dev::p::pulumi-nodejs:dynamic/realtimekit:IndependentLivestream::${name}`;
const pending = (name: string, extra: Partial<PendingCreate["inputs"]> = {}): PendingCreate => ({
  urn: urn(name), inputs: { name, accountId: ACCOUNT_ID, appId: APP_ID, ...extra },
});
/** A stack's exported state holding livestreams `ids`, with `creating` as its interrupted creates. */
const state = (ids: string[], creating: PendingCreate[] = []): ExportedStack => ({
  version: 3,
  deployment: {
    resources: ids.map((id): StateResource => ({ urn: urn(`held-${id}`), type: DYNAMIC_TYPE_TOKEN, id })),
    pending_operations: creating.map((c) => ({ type: "creating", resource: { urn: c.urn, type: DYNAMIC_TYPE_TOKEN, inputs: { ...c.inputs } } })),
  },
});
/** Nothing held by any stack of the backend. */
const none = () => BackendHoldings.of(state([]));
/** `ids` held by the recovered stack's own state. */
const ownState = (...ids: string[]) => BackendHoldings.of(state(ids));
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
/** The interrupted update began a minute ago. */
const since = (): SinceOf => {
  const began = new Date(Date.now() - 60_000);
  return () => began;
};

describe("identifying the livestream of an interrupted create", () => {
  it("takes the one livestream of that name created since the update began, with its stream key", async () => {
    const made = await emulator.seed({ name: "show", created_at: ago(30_000) });
    await emulator.seed({ name: "other", created_at: ago(30_000) });
    const [found] = await identify(client(), [pending("show")], since(), none());
    expect(found).toMatchObject({ urn: urn("show"), outcome: "created", facts: { livestreamId: made.id, streamKey: made.stream_key } });
  });

  it("never takes a same-named livestream created before the update began (an earlier replace, destroy or stack)", async () => {
    await emulator.seed({ name: "show", created_at: ago(10 * 60_000) });
    await emulator.seed({ name: "show", created_at: ago(60_000 + CLOCK_TOLERANCE_MS + 1000) });
    expect(await identify(client(), [pending("show")], since(), none())).toEqual([{ urn: urn("show"), name: "show", outcome: "not-created" }]);
  });

  it("takes nothing, naming it, when a livestream listed without a name cannot be read by id", async () => {
    await emulator.changeSettings({ listNames: "null" });
    const unreadable = await emulator.seed({ name: "show", created_at: ago(30_000) });
    await emulator.faults({ operation: "get-v2-livestream-session-livestream-id", kind: "status", status: 404, code: 404, message: "not yet", count: 20 });
    const error = await identify(client(), [pending("show")], since(), none()).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect((error as Error).message).toContain(`${unreadable.id} (created ${unreadable.created_at}), cannot be told apart`);
  });

  it("never clears a create whose name is a secret in state (ciphertext, not read): it asks for a choice, and takes the one chosen", async () => {
    const made = await emulator.seed({ name: "hidden-show", created_at: ago(30_000) });
    const ciphertext = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" } as unknown as string;
    const create: PendingCreate = { urn: urn("hidden"), inputs: { name: ciphertext, accountId: ACCOUNT_ID, appId: APP_ID } };
    const error = await identify(client(), [create], since(), none()).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect(error.message).toContain(`${urn("hidden")}: its name is a secret in state, which recovery does not read`);
    const [found] = await identify(client(), [create], since(), none(), new Map([[urn("hidden"), made.id]]));
    expect(found).toMatchObject({ urn: urn("hidden"), name: "[secret]", outcome: "created", facts: { livestreamId: made.id } });
  });

  it("never takes a livestream the state already holds (the old one of an interrupted replace)", async () => {
    const old = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const [found] = await identify(client(), [pending("show")], since(), ownState(old.id));
    expect(found).toMatchObject({ urn: urn("show"), name: "show", outcome: "not-created", held: [{ livestreamId: old.id, stack: THIS_STACK }] });
  });

  it("never takes a livestream another stack of the backend holds, and names that stack (a name the other stack created after the crash)", async () => {
    const theirs = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const holdings = BackendHoldings.of(state([]), [{ name: "organization/p/b", state: state([theirs.id]) }]);
    const [found] = await identify(client(), [pending("show")], since(), holdings);
    expect(found).toMatchObject({ urn: urn("show"), outcome: "not-created", held: [{ livestreamId: theirs.id, createdAt: theirs.created_at, stack: "organization/p/b" }] });
  });

  it("takes the one livestream no stack holds beside one another stack holds: two of the name, one of them this create's", async () => {
    const theirs = await emulator.seed({ name: "show", created_at: ago(40_000) });
    const mine = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const holdings = BackendHoldings.of(state([]), [{ name: "organization/p/b", state: state([theirs.id]) }]);
    const [found] = await identify(client(), [pending("show")], since(), holdings);
    expect(found).toMatchObject({ outcome: "created", facts: { livestreamId: mine.id }, found: { createdAt: mine.created_at } });
  });

  it("takes nothing, listing the candidate, when another stack of the backend has an interrupted create of the name too", async () => {
    const made = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const holdings = BackendHoldings.of(state([]), [{ name: "organization/p/b", state: state([], [{ ...pending("show"), urn: urn("b-show") }]) }]);
    const error = await identify(client(), [pending("show")], since(), holdings).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect(error.message).toContain(`${urn("show")}: another interrupted create (of stack organization/p/b) has the name 'show' too; the livestream found, ${made.id} (created ${made.created_at}), could be either's`);
    expect(error.message).toContain("'--adopt <urn>=<id>'");
  });

  it("takes nothing when another stack's interrupted create in the app has a secret name (ciphertext, unread): it may be the same name", async () => {
    const made = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const ciphertext = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" } as unknown as string;
    const hiddenRival = { ...pending("show"), urn: urn("b-hidden"), inputs: { ...pending("show").inputs, name: ciphertext } };
    const otherApp = { ...pending("show"), urn: urn("b-elsewhere"), inputs: { ...pending("show").inputs, name: ciphertext, appId: "another-app" } };
    const holdings = BackendHoldings.of(state([]), [{ name: "organization/p/b", state: state([], [hiddenRival]) }, { name: "organization/p/c", state: state([], [otherApp]) }]);
    const error = await identify(client(), [pending("show")], since(), holdings).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect(error.message).toContain(`${urn("show")}: another interrupted create (of stack organization/p/b, whose name is a secret in its state) may have the name 'show' too; the livestream found, ${made.id} (created ${made.created_at}), could be either's`);
    expect(error.message).not.toContain("organization/p/c");
  });

  it("refuses a --adopt choice that a stack holds, another's or this one's under another URN", async () => {
    const theirs = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const ours = await emulator.seed({ name: "calm", created_at: ago(30_000) });
    const holdings = BackendHoldings.of(state([ours.id]), [{ name: "organization/p/b", state: state([theirs.id]) }]);
    const choices = new Map([[urn("show"), theirs.id], [urn("calm"), ours.id]]);
    const error = await identify(client(), [pending("show"), pending("calm")], since(), holdings, choices).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect(error.message).toContain(`${urn("show")}: livestream ${theirs.id} is held by stack organization/p/b`);
    expect(error.message).toContain(`${urn("calm")}: livestream ${ours.id} is held by another resource of this stack`);
  });

  it("fails, listing every candidate and how to choose, when two livestreams of the name were created since", async () => {
    const a = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const b = await emulator.seed({ name: "show", created_at: ago(20_000) });
    const error = await identify(client(), [pending("show"), pending("calm")], since(), none()).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect(error.message).toContain(`${urn("show")}: 2 livestreams named 'show' were created since`);
    expect(error.message).toContain(a.id);
    expect(error.message).toContain(b.id);
    expect(error.message).toContain("Nothing was written to state");
    expect(error.message).toContain("'--adopt <urn>=<id>'");
    expect(error.message).not.toContain(a.stream_key);
  });

  it("fails when two interrupted creates share a name and one livestream could be either's", async () => {
    await emulator.seed({ name: "show", created_at: ago(30_000) });
    const twin = { urn: urn("show-twin"), inputs: pending("show").inputs };
    await expect(identify(client(), [pending("show"), twin], since(), none())).rejects.toThrow(/could be either's/);
  });

  it("fails rather than guess when Cloudflare's list does not say when the one candidate was created", async () => {
    const server = await listServer([{ id: "x", name: "show", status: "IDLE" }]);
    try {
      const undated = new RealtimeKitClient({ baseUrl: server.baseUrl, apiToken: TOKEN, timeoutMs: 5000 });
      await expect(identify(() => undated, [pending("show")], since(), none())).rejects.toThrow(
        `${urn("show")}: the livestream found, x (created at a time Cloudflare did not say), cannot be told apart: Cloudflare did not say when it was made`,
      );
    } finally {
      await server.close();
    }
  });

  it("without a Date header in Cloudflare's answers, looks minutes wider and takes nothing unasked", async () => {
    await emulator.changeSettings({ dateHeader: false });
    const made = await emulator.seed({ name: "show", created_at: ago(30_000) });
    // Made before the update began, but within the minutes the clocks could then be apart: listed, never taken.
    const before = await emulator.seed({ name: "show", created_at: ago(3 * 60_000) });
    const error = await identify(client(), [pending("show")], since(), none()).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect(error.message).toContain(`${urn("show")}: 2 livestreams named 'show' were created since`);
    expect(error.message).toContain(made.id);
    expect(error.message).toContain(before.id);
    await emulator.vanish(before.id);
    await expect(identify(client(), [pending("show")], since(), none())).rejects.toThrow("cannot be told apart");
  });

  it("takes the livestream the user chose, or none, after a conflict", async () => {
    await emulator.seed({ name: "show", created_at: ago(30_000) });
    const chosen = await emulator.seed({ name: "show", created_at: ago(20_000) });
    const choices = new Map([[urn("show"), chosen.id], [urn("calm"), "none"]]);
    const found = await identify(client(), [pending("show"), pending("calm")], since(), none(), choices);
    expect(found.map((f) => [f.urn, f.outcome, f.outcome === "created" ? f.facts.livestreamId : undefined])).toEqual([
      [urn("show"), "created", chosen.id],
      [urn("calm"), "not-created", undefined],
    ]);
  });

  it("completes an interrupted adoption by reading the adopted livestream, whenever it was created", async () => {
    const existing = await emulator.seed({ name: "legacy", created_at: ago(30 * 24 * 3600_000) });
    const [found] = await identify(client(), [pending("adopted", { name: undefined, adoptLivestreamId: existing.id })], since(), none());
    expect(found).toMatchObject({ outcome: "created", facts: { livestreamId: existing.id, name: "legacy" } });
  });

  it("lists each app once, however many creates were interrupted", async () => {
    await identify(client(), [pending("a"), pending("b"), pending("c")], since(), none());
    // One short list first to learn Cloudflare's clock, then one listing of the app (empty: its first page ends it).
    expect(await emulator.calls()).toEqual(["GET fetch_all_livestreams", "GET fetch_all_livestreams"]);
    expect((await emulator.requests())[0].query).toMatchObject({ per_page: "1" });
  });

  it("sees the creates of every provider together: two of one name through two providers, one livestream, nothing taken", async () => {
    await emulator.seed({ name: "show", created_at: ago(30_000) });
    const [viaStack, viaExplicit] = [newClient(), newClient()];
    const explicit = { ...pending("show"), urn: urn("show-studio"), provider: "urn:pulumi:dev::p::pulumi:providers:realtimekit::studio::id" };
    const clientFor: ClientFor = (create) => (create.provider ? viaExplicit : viaStack);
    await expect(identify(clientFor, [pending("show"), explicit], since(), none())).rejects.toThrow(/could be either's/);
  });

  it("never gives one livestream to two creates, even when the user chose it for both", async () => {
    const made = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const choices = new Map([[urn("show"), made.id], [urn("calm"), made.id]]);
    const error = await identify(client(), [pending("show"), pending("calm")], since(), none(), choices).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect(error.message).toContain(`${urn("calm")}: livestream ${made.id} would be ${urn("show")}'s too`);
  });

  it("needs no client for a create the user chose none for", async () => {
    const noClient: ClientFor = () => {
      throw new Error("no client should be asked for");
    };
    expect(await identify(noClient, [pending("show")], since(), none(), new Map([[urn("show"), "none"]]))).toEqual([{ urn: urn("show"), name: "show", outcome: "not-created" }]);
  });

  it("names, for a create an update after the crash made again, each livestream of its name since its start that no state holds", async () => {
    const orphan = await emulator.seed({ name: "show", created_at: ago(30_000) });
    const again = await emulator.seed({ name: "show", created_at: ago(10_000) });
    await emulator.seed({ name: "show", created_at: ago(10 * 60_000) }); // before the create began
    await emulator.seed({ name: "other", created_at: ago(20_000) });
    const orphans = await orphansOf(client(), [pending("show")], since(), ownState(again.id));
    expect([...orphans].map(([u, listed]) => [u, listed.map((l) => l.livestreamId)])).toEqual([[urn("show"), [orphan.id]]]);
  });

  it("looks from each create's own start: two creates of one app, listed once", async () => {
    const early = new Date(Date.now() - 60_000);
    const late = new Date(Date.now() - 5_000);
    const a = await emulator.seed({ name: "a", created_at: ago(30_000) }); // after a's start
    await emulator.seed({ name: "b", created_at: ago(30_000) }); // before b's start: not b's
    const starts: SinceOf = (create) => (create.inputs.name === "a" ? early : late);
    const found = await identify(client(), [pending("a"), pending("b")], starts, none());
    expect(found.map((f) => [f.name, f.outcome === "created" ? f.facts.livestreamId : f.outcome])).toEqual([["a", a.id], ["b", "not-created"]]);
    expect((await emulator.calls()).filter((c) => c === "GET fetch_all_livestreams")).toHaveLength(3); // the clock, one page, the empty one
  });

  it(`reads livestreams listed without a name by id, ${READS_AT_ONCE} at a time at most`, async () => {
    const listed = Array.from({ length: 30 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: null, status: "IDLE", created_at: ago(30_000) }));
    let open = 0;
    let most = 0;
    const held: (() => void)[] = [];
    let quiet: NodeJS.Timeout | undefined;
    // Each read is answered only once no new one has arrived for 100 ms: every read the client sends together is open at once.
    const server = await listServer(listed, listed.length, (req, res) => {
      most = Math.max(most, ++open);
      const id = req.url!.split("/").pop()!;
      const body = { success: true, data: { livestream: { id, name: `other-${id}`, ingest_server: "rtmps://x/live/", stream_key: "k", playback_url: "https://x/m.m3u8", status: "IDLE", disabled: false }, sessions: [] } };
      held.push(() => (open--, res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body))));
      clearTimeout(quiet);
      quiet = setTimeout(() => held.splice(0).forEach((answer) => answer()), 100);
    });
    try {
      const direct = new RealtimeKitClient({ baseUrl: server.baseUrl, apiToken: TOKEN, timeoutMs: 5000 });
      expect(await identify(() => direct, [pending("show")], since(), none())).toEqual([{ urn: urn("show"), name: "show", outcome: "not-created" }]);
      expect(most).toBe(READS_AT_ONCE);
    } finally {
      await server.close();
    }
  });
});

describe("what this machine's creates of the name say, under the name locks recovery holds", () => {
  /** Stack b's provider: its creates take the name lock, and record what they made beside it. */
  const provider = () => {
    const p = new LivestreamProvider(() => undefined);
    const values: Record<string, string> = { "realtimekit:apiToken": TOKEN, "realtimekit:baseUrl": emulator.baseUrl, "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID };
    void p.configure({ config: { get: (k: string) => values[k], require: (k: string) => values[k] } });
    return p;
  };
  const [startedA, startedB] = [ago(50_000), ago(10_000)];
  const recoverOf = async (create: PendingCreate) => {
    const one = client();
    return withClaimedNames(one, [create], (machine) => identify(one, [create], since(), none(), new Map(), machine));
  };

  it("never takes what another stack's create made here and the engine has not saved yet (an up of b while a's recovery ran)", async () => {
    const theirs = await provider().create({ ...pending("race").inputs, createStartedAt: startedB });
    // b's state does not hold it yet: only the record beside the name lock says whose it is.
    const [found] = await recoverOf(pending("race", { createStartedAt: startedA }));
    expect(found).toMatchObject({ outcome: "not-created", held: [{ livestreamId: theirs.id, stack: MADE_HERE }] });
  });

  it("takes what this create made here before its update was killed (the provider answered, the engine never saved it)", async () => {
    const mine = await provider().create({ ...pending("answered").inputs, createStartedAt: startedA });
    const [found] = await recoverOf(pending("answered", { createStartedAt: startedA }));
    expect(found).toMatchObject({ outcome: "created", facts: { livestreamId: mine.id } });
  });

  it("takes nothing, listing the candidate, while another create of the name here has an outcome nobody learned", async () => {
    const made = await emulator.seed({ name: "unsure", created_at: ago(30_000) });
    const create = pending("unsure", { createStartedAt: startedA });
    await withNameLock(nameLockKey({ api: emulator.baseUrl, accountId: ACCOUNT_ID, appId: APP_ID }, "unsure"), async (held) => held.mark({ settleMs: 0, createStartedAt: startedB }).posting());
    const error = await recoverOf(create).catch((e) => e);
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect(error.message).toContain(`(of process ${process.pid} of this machine, whose create's outcome nobody learned) has the name 'unsure' too`);
    expect(error.message).toContain(made.id);
    // A mark whose settle window ended before this create's window began cannot have made anything in it.
    const stale = await emulator.seed({ name: "stale", created_at: ago(30_000) });
    const old = { since: Date.now() - 3_600_000, lastPostAt: Date.now() - 3_600_000, settleMs: 0, pid: process.pid, createStartedAt: ago(3_600_000) };
    const key = nameLockKey({ api: emulator.baseUrl, accountId: ACCOUNT_ID, appId: APP_ID }, "stale");
    await withNameLock(key, async () => undefined); // makes the lock folder
    fs.writeFileSync(path.join(userCacheDir("name-locks"), `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.posting`), JSON.stringify(old));
    const [found] = await recoverOf(pending("stale", { createStartedAt: startedA }));
    expect(found).toMatchObject({ outcome: "created", facts: { livestreamId: stale.id } });
  });

  it("for a create known only from the program (its pending create cleared, no stamp of its own): takes what a finished process made in the window, never what a running one made", async () => {
    const key = (name: string) => nameLockKey({ api: emulator.baseUrl, accountId: ACCOUNT_ID, appId: APP_ID }, name);
    const killed = await emulator.seed({ name: "lost", created_at: ago(30_000) });
    // The killed update's provider recorded it, then was gone (a process that has exited).
    const script = `require(${JSON.stringify(compiledLock)}).withNameLock(${JSON.stringify(key("lost"))}, async (h) => h.created({ livestreamId: ${JSON.stringify(killed.id)}, createStartedAt: ${JSON.stringify(ago(40_000))} }))`;
    expect(spawnSync(process.execPath, ["-e", script], { env: process.env }).status).toBe(0);
    const [found] = await recoverOf(pending("lost"));
    expect(found).toMatchObject({ outcome: "created", facts: { livestreamId: killed.id } });
    // This process still runs: its engine may still be saving what it made to its stack.
    const running = await provider().create({ ...pending("running").inputs, createStartedAt: startedB });
    const [notTaken] = await recoverOf(pending("running"));
    expect(notTaken).toMatchObject({ outcome: "not-created", held: [{ livestreamId: running.id, stack: MADE_HERE }] });
  });

  it("makes a create of a name wait while recovery holds it, and only then post", async () => {
    const events: string[] = [];
    const create = pending("waits", { createStartedAt: startedA });
    let creating: Promise<unknown> | undefined;
    await withClaimedNames(client(), [create], async () => {
      creating = provider().create({ ...pending("waits").inputs, createStartedAt: startedB }).then(() => events.push("b created"));
      // Long enough for b's create to list and post, were the name not held.
      await new Promise((resolve) => setTimeout(resolve, 500));
      events.push(`recovery done, ${(await emulator.calls()).filter((c) => c === "POST create_livestream").length} posted`);
    });
    await creating;
    expect(events).toEqual(["recovery done, 0 posted", "b created"]);
  });
});
