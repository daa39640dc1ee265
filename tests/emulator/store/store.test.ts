import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore } from "../../../emulator/store/file-store";
import { MemoryStore } from "../../../emulator/store/memory-store";
import { DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, newLivestream, newSession } from "../../../emulator/store/records";
import type { LivestreamStore } from "../../../emulator/store/store";

const SCOPE = { account_id: DEFAULT_ACCOUNT_ID, app_id: DEFAULT_APP_ID };
const mint = (fields: { name?: string; meeting_id?: string } = {}) => newLivestream("code0000code0000", SCOPE, new Date(), fields);

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rtk-emulator-store-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const backends: [string, () => LivestreamStore][] = [
  ["memory", () => new MemoryStore()],
  ["file", () => new FileStore(join(directory, "state.json"))],
];

describe.each(backends)("the %s store", (_name, makeStore) => {
  let store: LivestreamStore;
  beforeEach(() => {
    store = makeStore();
  });

  it("gives back what it stored, and lists livestreams in the order they were created", () => {
    const first = store.create(mint({ name: "first" }));
    const second = store.create(mint({ meeting_id: "m" }));
    expect(store.get(first.id)).toEqual(first);
    expect(store.list()).toEqual([first, second]);
    expect(store.get("missing")).toBeUndefined();
  });

  it("hands out copies, so changing a returned record changes nothing stored", () => {
    const created = store.create(mint());
    created.name = "changed";
    const fetched = store.get(created.id);
    if (fetched) fetched.status = "LIVE";
    store.list()[0].disabled = true;
    expect(store.get(created.id)).toMatchObject({ name: null, status: "INVOKED", disabled: false });
  });

  it("applies a patch but never changes the id, account or app, and answers undefined for an unknown livestream", () => {
    const created = store.create(mint());
    // The patch type has no id, account or app; the cast checks the store also ignores them at run time.
    const moved = { id: "other", account_id: "0".repeat(32), app_id: "00000000-0000-4000-8000-000000000000" };
    const patched = store.update(created.id, { status: "LIVE", disabled: true, ...moved } as never);
    expect(patched).toEqual({ ...created, status: "LIVE", disabled: true });
    expect(store.get(created.id)).toEqual(patched);
    expect(store.update("missing", { status: "LIVE" })).toBeUndefined();
  });

  it("removes a livestream together with its sessions, and answers false for an unknown one", () => {
    const kept = store.create(mint());
    const removed = store.create(mint());
    const keptSession = store.addSession(newSession(kept.id, new Date()));
    store.addSession(newSession(removed.id, new Date()));
    expect(store.remove(removed.id)).toBe(true);
    expect(store.list()).toEqual([kept]);
    expect(store.sessions()).toEqual([keptSession]);
    expect(store.remove(removed.id)).toBe(false);
  });

  it("keeps sessions, updates them without moving them to another livestream, and resets to empty", () => {
    const livestream = store.create(mint());
    const session = store.addSession(newSession(livestream.id, new Date()));
    expect(store.getSession(session.id)).toEqual(session);
    // As with ids above: the type forbids moving a session, and the store ignores an attempt at run time.
    const stopped = store.updateSession(session.id, { stopped_time: "2026-01-01T00:00:00.000Z", livestream_id: "x" } as never);
    expect(stopped).toEqual({ ...session, stopped_time: "2026-01-01T00:00:00.000Z" });
    expect(store.updateSession("missing", {})).toBeUndefined();
    store.reset();
    expect(store.list()).toEqual([]);
    expect(store.sessions()).toEqual([]);
  });
});
