import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { FileStore } from "../../emulator/file-store";
import { newLivestream, newSession } from "../../emulator/records";
import { MemoryStore, type LivestreamStore } from "../../emulator/store";
import { PREFIX, request, TOKEN } from "./helpers/emulator";

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
    const first = store.create(newLivestream("code0000code0000", { name: "first" }));
    const second = store.create(newLivestream("code0000code0000", { meeting_id: "m" }));
    expect(store.get(first.id)).toEqual(first);
    expect(store.list()).toEqual([first, second]);
    expect(store.get("missing")).toBeUndefined();
  });

  it("hands out copies, so changing a returned record changes nothing stored", () => {
    const created = store.create(newLivestream("code0000code0000"));
    created.name = "changed";
    const fetched = store.get(created.id);
    if (fetched) fetched.status = "LIVE";
    store.list()[0].disabled = true;
    expect(store.get(created.id)).toMatchObject({ name: null, status: "INVOKED", disabled: false });
  });

  it("applies a patch but never changes the id, and answers undefined for an unknown livestream", () => {
    const created = store.create(newLivestream("code0000code0000"));
    // The patch type has no id; the cast checks the store also ignores one at run time.
    const patched = store.update(created.id, { status: "LIVE", disabled: true, id: "other" } as never);
    expect(patched).toEqual({ ...created, status: "LIVE", disabled: true });
    expect(store.get(created.id)).toEqual(patched);
    expect(store.update("missing", { status: "LIVE" })).toBeUndefined();
  });

  it("removes a livestream together with its sessions, and answers false for an unknown one", () => {
    const kept = store.create(newLivestream("code0000code0000"));
    const removed = store.create(newLivestream("code0000code0000"));
    const keptSession = store.addSession(newSession(kept.id));
    store.addSession(newSession(removed.id));
    expect(store.remove(removed.id)).toBe(true);
    expect(store.list()).toEqual([kept]);
    expect(store.sessions()).toEqual([keptSession]);
    expect(store.remove(removed.id)).toBe(false);
  });

  it("keeps sessions, updates them without moving them to another livestream, and resets to empty", () => {
    const livestream = store.create(newLivestream("code0000code0000"));
    const session = store.addSession(newSession(livestream.id));
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

describe("the file store", () => {
  const statePath = () => join(directory, "nested", "state.json");

  it("survives a restart of the emulator with the same state path", async () => {
    const first = await startEmulator({ token: TOKEN, statePath: statePath() });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const created = await request("POST", `${first.baseUrl}${PREFIX}/livestreams`, { headers, body: '{"name":"kept"}' });
    const id = created.body.data.id;
    await request("POST", `${first.url}/__emulator/sessions`, { body: JSON.stringify({ livestream_id: id, ingest_seconds: 5 }) });
    const before = await request("GET", `${first.baseUrl}${PREFIX}/livestreams/${id}`, { headers });
    await first.close();

    const second = await startEmulator({ token: TOKEN, statePath: statePath() });
    try {
      const after = await request("GET", `${second.baseUrl}${PREFIX}/livestreams/${id}`, { headers });
      expect(after.status).toBe(200);
      expect(after.body).toEqual(before.body);
      expect(after.body.data.sessions[0].ingest_seconds).toBe(5);
    } finally {
      await second.close();
    }
  });

  it("writes a version 1 JSON file readable only by its owner, through a temporary file it renames", () => {
    const store = new FileStore(statePath());
    const created = store.create(newLivestream("code0000code0000"));
    expect(JSON.parse(readFileSync(statePath(), "utf8"))).toEqual({ version: 1, livestreams: [created], sessions: [] });
    expect(statSync(statePath()).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(directory, "nested"))).toEqual(["state.json"]);
  });

  it.each([
    ["not JSON", "{oops", /^Emulator state file .* is not valid JSON \(.*\); move it away to start empty\.$/],
    ["another format", '{"livestreams":{}}', /^Emulator state file .* is not a version 1 state file; move it away to start empty\.$/],
  ])("refuses a state file that is %s, and leaves it untouched", (_case, content, message) => {
    const path = join(directory, "state.json");
    writeFileSync(path, content);
    expect(() => new FileStore(path)).toThrow(message);
    expect(readFileSync(path, "utf8")).toBe(content);
  });
});
