/** The adopt example: an existing livestream taken under management without a POST. */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, stackFor } from "../helpers/e2e";

jest.setTimeout(120_000);
const emulator = useEmulator();

it("adopts an existing livestream with a GET, keeps its key secret, and leaves it in Cloudflare on destroy", async () => {
  const existing = await emulator.seed({ name: "made-in-the-dashboard" });
  const stack = await stackFor("examples/adopt", emulator);
  try {
    await stack.setConfig({ livestreamId: existing.id });
    await stack.up();
    expect(await emulator.calls()).toEqual(["GET get-v2-livestream-session-livestream-id"]);
    expect(await stack.outputs()).toEqual({
      name: "made-in-the-dashboard", ingestServer: existing.ingest_server, playbackUrl: existing.playback_url, streamKey: "[secret]",
    });
    expect((await stack.outputs(true)).streamKey).toBe(existing.stream_key);

    const second = await stack.up();
    expect(second.stdout).toContain("2 unchanged");

    const { stdout } = await stack.destroy();
    expect(stdout).toContain(`livestream ${existing.id} ('made-in-the-dashboard') was removed from the stack but STILL EXISTS in Cloudflare`);
    expect((await emulator.livestreams()).map((l) => l.id)).toEqual([existing.id]);
    await expectNoPlainSecrets(stack, [existing.stream_key, TOKEN]);
  } finally {
    stack.dispose();
  }
});

it("fails clearly when the livestream to adopt does not exist, saving nothing", async () => {
  const stack = await stackFor("examples/adopt", emulator);
  try {
    const missing = "11111111-2222-4333-8444-555555555555";
    await stack.setConfig({ livestreamId: missing });
    const result = await stack.up({ allowFailure: true });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(`adoptLivestreamId: no livestream ${missing} exists in app`);
    expect(await stack.resources()).toEqual([]);
    expect(await emulator.calls()).not.toContain("POST create_livestream");
  } finally {
    stack.dispose();
  }
});
