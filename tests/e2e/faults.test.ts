/**
 * Faults under the real engine, through both doors (the dynamic provider from TypeScript, the
 * plugin from YAML): whatever breaks, Cloudflare (the emulator) and the state agree afterwards, and
 * no secret shows up in state or output. Each scenario ends with that search.
 */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, stackFor } from "../helpers/e2e";
import { yamlStackFor } from "../helpers/plugin";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";

jest.setTimeout(180_000);
const emulator = useEmulator();
const create = "create_livestream" as const;
const get = "get-v2-livestream-session-livestream-id" as const;

/** Each door's example: how to make its stack, its livestreams' type, and how many it declares. */
const doors = [
  { door: "dynamic provider", makeStack: () => stackFor("examples/quickstart", emulator), type: DYNAMIC_TYPE_TOKEN, livestreams: 1 },
  { door: "plugin", makeStack: () => yamlStackFor("examples/yaml-quickstart", emulator), type: PLUGIN_TYPE_TOKEN, livestreams: 2 },
];

describe.each(doors)("faults under the real engine, through the $door", ({ makeStack, type, livestreams }) => {
  let stack: PulumiStack;

  beforeEach(async () => {
    stack = await makeStack();
    await stack.setConfig({ "realtimekit:timeoutSeconds": "3", "realtimekit:maxRetries": "1" });
  });
  afterEach(async () => {
    const keys = (await emulator.livestreams()).map((l) => l.stream_key);
    await expectNoPlainSecrets(stack, [TOKEN, ...keys]);
    stack.dispose();
  });

  async function expectStateMatchesCloudflare(): Promise<void> {
    const cloud = (await emulator.livestreams()).map((l) => l.id).sort();
    const state = (await stack.resources(type)).map((r) => r.id).sort();
    expect(state).toEqual(cloud);
  }

  it("takes the livestream whose create answer was lost", async () => {
    await emulator.faults({ operation: create, kind: "reset-after" });
    const { stdout } = await stack.up();
    expect(stdout).toMatch(/realtimekit: livestream '[\w-]+' had been created as [0-9a-f-]+; taking it/);
    expect(await emulator.livestreams()).toHaveLength(livestreams);
    await expectStateMatchesCloudflare();
    const outputs = await stack.outputs(true);
    expect(outputs.streamKey).toBe((await emulator.livestreams()).find((l) => l.id === outputs.livestreamId)!.stream_key);
  });

  it("records a created but unreadable livestream, and completes it on the next up", async () => {
    await emulator.faults({ operation: create, kind: "reset-after" }, { operation: get, kind: "status", status: 502, count: 50 });
    const failed = await stack.up({ allowFailure: true });
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/Livestream [0-9a-f-]+ was created, but reading it failed: .*It is saved to state; run 'pulumi up' again to complete it/);
    await expectStateMatchesCloudflare();
    await emulator.call("DELETE", "/faults");

    await stack.up();
    const records = await emulator.livestreams();
    expect(records).toHaveLength(livestreams);
    for (const record of records) {
      expect((await stack.resources(type)).find((r) => r.id === record.id)?.outputs).toMatchObject({ livestreamId: record.id, playbackUrl: record.playback_url });
    }
    const outputs = await stack.outputs(true);
    expect(outputs.streamKey).toBe(records.find((l) => l.id === outputs.livestreamId)!.stream_key);
    expect((await stack.outputs()).streamKey).toBe("[secret]");
    expect((await emulator.calls()).filter((c) => c === `POST ${create}`)).toHaveLength(livestreams);
  });

  it("fails cleanly when every create fails, leaving nothing anywhere, and succeeds once Cloudflare recovers", async () => {
    // Three POSTs per livestream at most, then the create fails.
    await emulator.faults({ operation: create, kind: "status", status: 503, count: 3 * livestreams });
    const failed = await stack.up({ allowFailure: true });
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toContain("Cloudflare failed to answer. Cloudflare said: Service Unavailable");
    expect(await emulator.livestreams()).toEqual([]);
    expect(await stack.resources(type)).toEqual([]);
    await stack.up();
    await expectStateMatchesCloudflare();
    expect(await emulator.livestreams()).toHaveLength(livestreams);
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
