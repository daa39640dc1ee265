/** The lookups example: reading livestreams and sessions the stack does not manage. */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, stackFor } from "../helpers/e2e";

jest.setTimeout(120_000);
const emulator = useEmulator();

it("reads a livestream, the live ones and its sessions, keeping the stream key secret and creating nothing", async () => {
  const watched = await emulator.seed({ name: "watched", status: "LIVE" });
  await emulator.seed({ name: "other-live", status: "LIVE" });
  await emulator.seed({ name: "idle", status: "IDLE" });
  await emulator.call("POST", "/sessions", { livestream_id: watched.id, started_time: "2026-11-24T10:00:00.000Z", stopped_time: "2026-11-24T11:00:00.000Z", ingest_seconds: 3600, viewer_seconds: 9000 });
  await emulator.call("POST", "/sessions", { livestream_id: watched.id, started_time: "2026-11-25T10:00:00.000Z", ingest_seconds: 120, viewer_seconds: 300 });
  const stack = await stackFor("examples/lookups", emulator);
  try {
    await stack.setConfig({ livestreamId: watched.id });
    await stack.up();
    expect(await stack.outputs()).toEqual({
      name: "watched",
      playbackUrl: watched.playback_url,
      streamKey: "[secret]",
      liveLivestreams: ["watched", "other-live"],
      broadcasting: true,
      currentIngestSeconds: 120,
      totalViewerSeconds: 9300,
      sessionCount: 2,
    });
    expect((await stack.outputs(true)).streamKey).toBe(watched.stream_key);
    expect(await stack.resources()).toEqual([]);
    expect((await emulator.calls()).filter((c) => c.startsWith("POST"))).toEqual([]);
    await expectNoPlainSecrets(stack, [watched.stream_key, TOKEN]);
  } finally {
    stack.dispose();
  }
});

it("fails clearly when the livestream does not exist", async () => {
  const stack = await stackFor("examples/lookups", emulator);
  try {
    const missing = "11111111-2222-4333-8444-555555555555";
    await stack.setConfig({ livestreamId: missing });
    const result = await stack.preview({ allowFailure: true });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(`getIndependentLivestream: no livestream ${missing} exists in app`);
  } finally {
    stack.dispose();
  }
});
