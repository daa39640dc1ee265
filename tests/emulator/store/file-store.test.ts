import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../../emulator";
import { FileStore } from "../../../emulator/store/file-store";
import { DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, newLivestream } from "../../../emulator/store/records";
import { PREFIX, request, TOKEN } from "../helpers/emulator";

const SCOPE = { account_id: DEFAULT_ACCOUNT_ID, app_id: DEFAULT_APP_ID };
const mint = () => newLivestream("code0000code0000", SCOPE, new Date());

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rtk-emulator-file-store-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
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

  it("writes a version 2 JSON file readable only by its owner, through a temporary file it renames", () => {
    const store = new FileStore(statePath());
    const created = store.create(mint());
    expect(JSON.parse(readFileSync(statePath(), "utf8"))).toEqual({ version: 2, livestreams: [created], sessions: [] });
    expect(statSync(statePath()).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(directory, "nested"))).toEqual(["state.json"]);
  });

  it.each([
    ["not JSON", "{oops", /^Emulator state file .* is not valid JSON \(.*\); move it away to start empty\.$/],
    ["another format", '{"livestreams":{}}', /^Emulator state file .* is not a version 1 or 2 state file; move it away to start empty\.$/],
  ])("refuses a state file that is %s, and leaves it untouched", (_case, content, message) => {
    const path = join(directory, "state.json");
    writeFileSync(path, content);
    expect(() => new FileStore(path)).toThrow(message);
    expect(readFileSync(path, "utf8")).toBe(content);
  });

  it("loads a version 1 file (before livestreams had an account and app) into the default account and app", async () => {
    const path = join(directory, "v1.json");
    const { account_id: _account, app_id: _app, ...old } = mint();
    writeFileSync(path, JSON.stringify({ version: 1, livestreams: [old], sessions: [] }));
    const emulator = await startEmulator({ token: TOKEN, statePath: path });
    try {
      const headers = { authorization: `Bearer ${TOKEN}` };
      const read = (prefix: string) => request("GET", `${emulator.baseUrl}${prefix}/livestreams/${old.id}`, { headers });
      expect((await read(PREFIX)).body.data.livestream).toEqual(old);
      expect((await read(`/accounts/${DEFAULT_ACCOUNT_ID}/realtime/kit/0b1e3f5a-4c2d-4e6f-8a9b-123456789abc`)).status).toBe(404);
      expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ version: 2, livestreams: [{ ...old, ...SCOPE }], sessions: [] });
    } finally {
      await emulator.close();
    }
  });
});
