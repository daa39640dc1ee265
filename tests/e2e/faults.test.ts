/**
 * Faults under the real engine: whatever breaks, Cloudflare (the emulator) and the state agree
 * afterwards, and no secret shows up in state or output. Each scenario ends with that search.
 */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, QUICKSTART_NAME, stackFor } from "../helpers/e2e";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(180_000);
const emulator = useEmulator();
const create = "create_livestream" as const;
const get = "get-v2-livestream-session-livestream-id" as const;
let stack: PulumiStack;

beforeEach(async () => {
  stack = await stackFor("examples/quickstart", emulator);
  await stack.setConfig({ "realtimekit:timeoutSeconds": "3", "realtimekit:maxRetries": "1" });
});
afterEach(async () => {
  const keys = (await emulator.livestreams()).map((l) => l.stream_key);
  await expectNoPlainSecrets(stack, [TOKEN, ...keys]);
  stack.dispose();
});

async function expectStateMatchesCloudflare(): Promise<void> {
  const cloud = (await emulator.livestreams()).map((l) => l.id).sort();
  const state = (await stack.resources()).map((r) => r.id).sort();
  expect(state).toEqual(cloud);
}

describe("faults under the real engine", () => {
  it("takes the livestream whose create answer was lost", async () => {
    await emulator.faults({ operation: create, kind: "reset-after" });
    const { stdout } = await stack.up();
    expect(stdout).toMatch(new RegExp(`realtimekit: livestream '${QUICKSTART_NAME}' had been created as [0-9a-f-]+; taking it`));
    expect(await emulator.livestreams()).toHaveLength(1);
    await expectStateMatchesCloudflare();
    expect((await stack.outputs(true)).streamKey).toBe((await emulator.livestreams())[0].stream_key);
  });

  it("records a created but unreadable livestream, and completes it on the next up", async () => {
    await emulator.faults({ operation: create, kind: "reset-after" }, { operation: get, kind: "status", status: 502, count: 50 });
    const failed = await stack.up({ allowFailure: true });
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/Livestream [0-9a-f-]+ was created, but reading it failed: .*It is saved to state; run 'pulumi up' again to complete it/);
    await expectStateMatchesCloudflare();
    await emulator.call("DELETE", "/faults");

    await stack.up();
    const [record] = await emulator.livestreams();
    expect(await stack.outputs()).toMatchObject({ livestreamId: record.id, streamKey: "[secret]", playbackUrl: record.playback_url });
    expect((await stack.outputs(true)).streamKey).toBe(record.stream_key);
    expect((await emulator.calls()).filter((c) => c === `POST ${create}`)).toHaveLength(1);
  });

  it("fails cleanly when every create fails, leaving nothing anywhere, and succeeds once Cloudflare recovers", async () => {
    await emulator.faults({ operation: create, kind: "status", status: 503, count: 3 });
    const failed = await stack.up({ allowFailure: true });
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toContain("Cloudflare failed to answer. Cloudflare said: Service Unavailable");
    expect(await emulator.livestreams()).toEqual([]);
    expect(await stack.resources()).toEqual([]);
    await stack.up();
    await expectStateMatchesCloudflare();
    expect(await emulator.livestreams()).toHaveLength(1);
  });

  it("refreshes through transient read failures", async () => {
    await stack.up();
    await emulator.faults({ operation: get, kind: "status", status: 429, retryAfter: 0 }, { operation: get, kind: "status", status: 502 });
    const { stdout } = await stack.refresh();
    expect(stdout).toMatch(/Rate limited by Cloudflare\. .*; wait 1 in 0 ms/);
    expect(stdout).toMatch(/Cloudflare failed to answer\. .*; retry 1 of 1 in \d+ ms/);
    await expectStateMatchesCloudflare();
  });
});
