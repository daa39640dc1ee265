/**
 * The lookups examples, through both doors: reading livestreams and sessions the stack does not
 * manage, from TypeScript (examples/lookups) and from Pulumi YAML through the plugin (examples/yaml-lookups).
 */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, stackFor } from "../helpers/e2e";
import { yamlStackFor } from "../helpers/plugin";
import { PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";

jest.setTimeout(120_000);
const emulator = useEmulator();

/** A live livestream with two sessions (one broadcasting now), another live one, and an idle one. */
async function seedWatched() {
  const watched = await emulator.seed({ name: "watched", status: "LIVE" });
  await emulator.seed({ name: "other-live", status: "LIVE" });
  await emulator.seed({ name: "idle", status: "IDLE" });
  await emulator.call("POST", "/sessions", { livestream_id: watched.id, started_time: "2026-11-24T10:00:00.000Z", stopped_time: "2026-11-24T11:00:00.000Z", ingest_seconds: 3600, viewer_seconds: 9000 });
  await emulator.call("POST", "/sessions", { livestream_id: watched.id, started_time: "2026-11-25T10:00:00.000Z", ingest_seconds: 120, viewer_seconds: 300 });
  return watched;
}

it("TypeScript: reads a livestream, the live ones and its sessions, keeping the stream key secret and creating nothing", async () => {
  const watched = await seedWatched();
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

it("Pulumi YAML: the same reads as invokes of the plugin, the stream key secret, nothing created", async () => {
  const watched = await seedWatched();
  const stack = await yamlStackFor("examples/yaml-lookups", emulator);
  try {
    await stack.setConfig({ livestreamId: watched.id });
    await stack.up();
    const outputs = await stack.outputs();
    // Pulumi YAML keeps an invoke's whole result secret when it holds a secret: here, the stream key.
    expect(outputs).toMatchObject({ name: "[secret]", playbackUrl: "[secret]", streamKey: "[secret]" });
    expect(await stack.outputs(true)).toMatchObject({ name: "watched", playbackUrl: watched.playback_url, streamKey: watched.stream_key });
    expect((outputs.liveNow as { name: string }[]).map((l) => l.name)).toEqual(["watched", "other-live"]);
    expect((outputs.sessions as { ingestSeconds: number; viewerSeconds: number }[]).map((s) => [s.ingestSeconds, s.viewerSeconds])).toEqual([[3600, 9000], [120, 300]]);
    expect(await stack.resources(PLUGIN_TYPE_TOKEN)).toEqual([]);
    expect((await emulator.calls()).filter((c) => c.startsWith("POST"))).toEqual([]);
    await expectNoPlainSecrets(stack, [watched.stream_key, TOKEN]);
  } finally {
    stack.dispose();
  }
});

it.each([
  ["TypeScript", () => stackFor("examples/lookups", emulator)],
  ["Pulumi YAML", () => yamlStackFor("examples/yaml-lookups", emulator)],
])("%s: fails clearly, at preview, when the livestream does not exist", async (_, stackOf) => {
  const stack = await stackOf();
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
