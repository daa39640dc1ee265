/**
 * Livestreams belong to one account and app, as at Cloudflare: another app or account neither lists nor reads them
 * (RealtimeKit's 404, as for an id that does not exist), and their meeting livestreams, sessions and analytics follow.
 * Run against both store backends, since the scope is stored with each livestream.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorOptions } from "../../../emulator";
import { ACCOUNT_ID, APP_ID, asShown, createLivestream, MEETING_ID, PREFIX, useEmulator } from "../helpers/emulator";

const OTHER_APP_ID = "0b1e3f5a-4c2d-4e6f-8a9b-123456789abc";
const OTHER_ACCOUNT_ID = "99999999999999999999999999999999";
const APP_B = `/accounts/${ACCOUNT_ID}/realtime/kit/${OTHER_APP_ID}`;
const OTHER_ACCOUNT = `/accounts/${OTHER_ACCOUNT_ID}/realtime/kit/${APP_ID}`;

const notFound = (message: string) => ({ success: false, error: { code: 404, message } });

const directory = mkdtempSync(join(tmpdir(), "rtk-emulator-scope-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const backends: [string, EmulatorOptions][] = [
  ["memory", {}],
  ["file", { statePath: join(directory, "state.json") }],
];

describe.each(backends)("account and app scope, %s store", (_backend, options) => {
  const harness = useEmulator(options);
  const ids = (response: { body: { data: { id: string }[] } }) => response.body.data.map((item) => item.id);

  it("lists and reads a livestream only through its own account and app", async () => {
    const mine = await createLivestream(harness, { name: "mine" });
    const theirs = (await harness.control("POST", "/livestreams", { name: "theirs", app_id: OTHER_APP_ID })).body;
    const elsewhere = (await harness.control("POST", "/livestreams", { account_id: OTHER_ACCOUNT_ID })).body;

    expect(ids(await harness.api("GET", `${PREFIX}/livestreams`))).toEqual([mine.id]);
    expect(ids(await harness.api("GET", `${APP_B}/livestreams`))).toEqual([theirs.id]);
    expect(ids(await harness.api("GET", `${OTHER_ACCOUNT}/livestreams`))).toEqual([elsewhere.id]);

    const read = await harness.api("GET", `${APP_B}/livestreams/${mine.id}`);
    expect(read.status).toBe(404);
    expect(read.body).toEqual(notFound(`Livestream ${mine.id} not found.`));
    expect((await harness.api("GET", `${OTHER_ACCOUNT}/livestreams/${mine.id}`)).body).toEqual(notFound(`Livestream ${mine.id} not found.`));
    expect((await harness.api("GET", `${APP_B}/livestreams/${theirs.id}`)).body.data.livestream).toEqual(asShown(theirs));
  });

  it("stores what the API creates in the path's account and app", async () => {
    const created = (await harness.api("POST", `${APP_B}/livestreams`, { body: { name: "in-b" } })).body.data;
    expect(harness.emulator.store.get(created.id)).toMatchObject({ account_id: ACCOUNT_ID, app_id: OTHER_APP_ID });
    expect((await harness.api("GET", `${PREFIX}/livestreams/${created.id}`)).status).toBe(404);
  });

  it("takes an app id in any case for the same app, as UUIDs are", async () => {
    const mine = await createLivestream(harness);
    const upper = `/accounts/${ACCOUNT_ID}/realtime/kit/${APP_ID.toUpperCase()}`;
    expect((await harness.api("GET", `${upper}/livestreams/${mine.id}`)).status).toBe(200);
    expect(ids(await harness.api("GET", `${upper}/livestreams`))).toEqual([mine.id]);
  });

  it("keeps a livestream's sessions in its app: another app reads none and counts none", async () => {
    const mine = await createLivestream(harness);
    const session = (await harness.control("POST", "/sessions", { livestream_id: mine.id, ingest_seconds: 7 })).body;
    expect((await harness.api("GET", `${APP_B}/livestreams/sessions/${session.id}`)).body).toEqual(
      notFound(`Livestream session ${session.id} not found.`),
    );
    expect((await harness.api("GET", `${APP_B}/livestreams/${mine.id}/active-livestream-session`)).status).toBe(404);
    expect((await harness.api("GET", `${APP_B}/analytics/livestreams/overall`)).body.data).toEqual({
      count: 0,
      total_ingest_seconds: 0,
      total_viewer_seconds: 0,
    });
    expect((await harness.api("GET", `${PREFIX}/analytics/livestreams/overall`)).body.data.total_ingest_seconds).toBe(7);
    expect((await harness.api("GET", `${PREFIX}/livestreams/sessions/${session.id}`)).status).toBe(200);
  });

  it("keeps a meeting's livestreams in the app that started them: another app can neither see nor stop them", async () => {
    const started = (await harness.api("POST", `${PREFIX}/meetings/${MEETING_ID}/livestreams`, { body: {} })).body.data;
    expect((await harness.api("GET", `${APP_B}/meetings/${MEETING_ID}/active-livestream`)).status).toBe(404);
    expect((await harness.api("GET", `${APP_B}/meetings/${MEETING_ID}/livestream`)).status).toBe(404);
    expect((await harness.api("POST", `${APP_B}/meetings/${MEETING_ID}/active-livestream/stop`)).status).toBe(404);
    expect(harness.emulator.store.get(started.id)?.status).toBe("INVOKED");
    expect((await harness.api("GET", `${PREFIX}/meetings/${MEETING_ID}/active-livestream`)).body.data.id).toBe(started.id);
  });
});
