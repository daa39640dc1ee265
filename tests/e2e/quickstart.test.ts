/**
 * The quickstart example under the real Pulumi engine, step by step: each step checks the
 * emulator's request log and the exported state, not only exit codes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, QUICKSTART_NAME, PROVIDER_BUDGET, STATE_ENTRY_BUDGET, stackFor } from "../helpers/e2e";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(180_000);
const emulator = useEmulator({ resetBeforeEach: false });
const POST = "POST create_livestream";
const LIST = "GET fetch_all_livestreams";
const OTHER_APP_ID = "0b1e3f5a-4c2d-4e6f-8a9b-123456789abc";
let stack: PulumiStack;
const streamKeys: string[] = [];

beforeAll(async () => {
  // One stack and one emulator store for the ordered steps below.
  stack = await stackFor("examples/quickstart", emulator);
});
afterAll(() => stack?.dispose());

describe("quickstart under the real engine", () => {
  it("previews one create and sends no POST, only the list of the app's names", async () => {
    const { stdout } = await stack.preview();
    expect(stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/realtimekit:IndependentLivestream\s+livestream\s+create/);
    expect(stdout).toContain("+ 2 to create");
    expect(await emulator.calls()).toEqual([LIST]);
    expect(await stack.resources()).toEqual([]);
  });

  it("creates the livestream with exactly one POST, after one list of the app's names, and keeps its key secret", async () => {
    await stack.up();
    const [record] = await emulator.livestreams();
    streamKeys.push(record.stream_key);
    expect(await emulator.calls()).toEqual([LIST, LIST, POST]);
    expect(record.name).toBe(QUICKSTART_NAME);
    expect(await stack.outputs()).toEqual({
      livestreamId: record.id,
      ingestServer: "rtmps://live.cloudflare.com:443/live/",
      playbackUrl: record.playback_url,
      status: "INVOKED",
      streamKey: "[secret]",
    });
    expect((await stack.outputs(true)).streamKey).toBe(record.stream_key);
    const [resource] = await stack.resources();
    expect(resource.id).toBe(record.id);
    expect(resource.outputs?.streamKey).toHaveProperty("ciphertext");
  });

  it("keeps the serialized provider and the state entry within budget", async () => {
    const [resource] = await stack.resources();
    const provider = resource.outputs?.__provider as string;
    expect(provider).toContain('require("pulumi-realtimekit/runtime")');
    expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(PROVIDER_BUDGET);
    expect(provider).not.toContain(TOKEN);
    expect(Buffer.byteLength(JSON.stringify(resource))).toBeLessThanOrEqual(STATE_ENTRY_BUDGET);
  });

  it("changes nothing and sends no POST on a second up", async () => {
    const before = await emulator.calls();
    const { stdout } = await stack.up();
    expect(stdout).toMatch(/2 unchanged/);
    expect(await emulator.calls()).toEqual(before);
  });

  it("refreshes an out-of-band status change into state, showing the livestream updated, and the next up changes nothing", async () => {
    const [record] = await emulator.livestreams();
    await emulator.change(record.id, { status: "LIVE" });
    const { stdout } = await stack.refresh();
    expect(stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/realtimekit:IndependentLivestream\s+livestream\s+updated/);
    expect(stdout).toContain(`realtimekit: livestream ${record.id} changed in Cloudflare since it was last read: status`);
    expect(stdout).toMatch(/~ 1 updated\s+1 unchanged/);
    expect((await stack.resources())[0].outputs?.status).toBe("LIVE");
    const up = await stack.up();
    expect(up.stdout).toMatch(/2 unchanged/);
    expect(up.stdout).not.toMatch(/\d+ (created|updated|replaced|deleted)/);
    expect((await stack.outputs()).status).toBe("LIVE");
  });

  it("updates in place, keeping every output, when only the serialized provider changed", async () => {
    const state = JSON.parse(await stack.exportState());
    const livestream = state.deployment.resources.find((r: { type: string }) => r.type.endsWith(":IndependentLivestream"));
    const before = { ...livestream.outputs };
    // State written by another build of the package: same behaviour, different text.
    for (const bag of [livestream.inputs, livestream.outputs]) bag.__provider = `${bag.__provider}// an older build\n`;
    await stack.importState(JSON.stringify(state));
    const preview = await stack.preview();
    expect(preview.stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/realtimekit:IndependentLivestream\s+livestream\s+update/);
    expect(preview.stdout).not.toMatch(/replace/);
    await stack.up();
    const [after] = await stack.resources();
    expect(after.id).toBe(livestream.id);
    expect({ ...after.outputs, streamKey: undefined }).toEqual({ ...before, streamKey: undefined });
    expect((await stack.outputs(true)).streamKey).toBe(streamKeys[0]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
  });

  it("replaces on a name change: a new livestream, the old one forgotten with a warning", async () => {
    const [old] = await emulator.livestreams();
    await stack.setConfig({ livestreamName: "renamed-show" });
    const preview = await stack.preview();
    expect(preview.stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/realtimekit:IndependentLivestream\s+livestream\s+replace/);
    // A replacement's create starts anew, so its stamp changes too (see createStartedAt); it is never a diff alone.
    expect(preview.stdout).toContain("[diff: ~createStartedAt,name]");
    const { stdout } = await stack.up();
    expect(stdout).toContain(`realtimekit: livestream ${old.id} ('${QUICKSTART_NAME}') was removed from the stack but STILL EXISTS in Cloudflare`);
    const records = await emulator.livestreams();
    expect(records.map((r) => r.name).sort()).toEqual([QUICKSTART_NAME, "renamed-show"]);
    const renamed = records.find((r) => r.name === "renamed-show")!;
    streamKeys.push(renamed.stream_key);
    expect((await stack.outputs()).livestreamId).toBe(renamed.id);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(2);
  });

  it("keeps a removed explicit name, through a replacement of the app too", async () => {
    const before = (await emulator.livestreams()).length;
    await stack.run(["config", "rm", "livestreamName"]);
    expect((await stack.up()).stdout).toMatch(/2 unchanged/);
    await stack.setConfig({ "realtimekit:appId": OTHER_APP_ID });
    const preview = await stack.preview();
    expect(preview.stdout).toContain("[diff: ~appId,createStartedAt]");
    await stack.up();
    const records = await emulator.livestreams();
    expect(records).toHaveLength(before + 1);
    const current = (await stack.outputs()).livestreamId as string;
    expect(records.find((r) => r.id === current)?.name).toBe("renamed-show");
    expect((await stack.resources())[0].inputs).toMatchObject({ name: "renamed-show", appId: OTHER_APP_ID });
    streamKeys.push(...records.map((r) => r.stream_key));
  });

  it("drops a livestream that vanished out of band on refresh", async () => {
    const current = (await stack.outputs()).livestreamId as string;
    await emulator.vanish(current);
    const { stdout } = await stack.refresh();
    expect(stdout).toContain("realtimekit: livestream " + current + " no longer exists in Cloudflare; removing it from state");
    expect(await stack.resources()).toEqual([]);
  });

  it("destroys to an empty stack", async () => {
    await stack.up();
    expect(await stack.resources()).toHaveLength(1);
    await stack.destroy();
    expect(await stack.resources()).toEqual([]);
  });

  it("refuses at preview to create again the default name destroy left, with the provider's message under the resource", async () => {
    const left = (await emulator.livestreams()).find((r) => r.app_id === OTHER_APP_ID && r.name === QUICKSTART_NAME)!;
    const posts = (await emulator.calls()).filter((c) => c === POST).length;
    const preview = await stack.preview({ allowFailure: true });
    expect(preview.code).not.toBe(0);
    const printed = preview.stdout + preview.stderr;
    expect(printed).toContain(`IndependentLivestream (livestream):\n    error: App ${OTHER_APP_ID} already has a livestream named '${QUICKSTART_NAME}': ${left.id}`);
    expect(printed).not.toContain("{<nil>}");
    expect(printed).not.toContain("has a problem");
    expect(await stack.resources()).toEqual([]);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(posts);
  });

  it("never showed a stream key or the token in plain text", async () => {
    streamKeys.push(...(await emulator.livestreams()).map((r) => r.stream_key));
    await expectNoPlainSecrets(stack, [TOKEN, ...streamKeys]);
  });
});

describe("renames, as docs/resource.md says they keep the livestream", () => {
  it("keeps the livestream and its name through a renamed resource (with an alias) and a renamed stack", async () => {
    let renamed = await stackFor("examples/quickstart", emulator, "rename-me");
    try {
      await renamed.up();
      const made = (await renamed.resources())[0];
      const program = path.join(renamed.projectDir, "index.ts");
      const source = fs.readFileSync(program, "utf8");
      const aliased = source
        .replace('new IndependentLivestream("livestream", {', 'new IndependentLivestream("main-stage", {')
        .replace("});\n\nexport const livestreamId", '}, { aliases: [{ name: "livestream" }] });\n\nexport const livestreamId');
      expect(aliased).toContain('aliases: [{ name: "livestream" }]');
      fs.writeFileSync(program, aliased);
      renamed = await renamed.rename("renamed");

      const { stdout } = await renamed.up();
      expect(stdout).not.toMatch(/\+ \d+ created|replaced/);
      const [kept] = await renamed.resources();
      expect(kept.urn).toMatch(/^urn:pulumi:renamed::.*::main-stage$/);
      expect(kept.id).toBe(made.id);
      expect(kept.inputs?.name).toBe(made.inputs?.name);
      expect((await emulator.livestreams()).filter((l) => l.name === made.inputs?.name)).toHaveLength(1);
    } finally {
      renamed.dispose();
    }
  });
});

describe("a rotated token, as docs/configuration.md says", () => {
  it("refresh uses the config of the last update until an up takes the new one", async () => {
    const rotated = await stackFor("examples/quickstart", emulator, "rotate");
    try {
      await rotated.up();
      // A token Cloudflare refuses, in config: commands that do not run the program still use the stored one.
      await rotated.setConfig({ "realtimekit:apiToken": "rotated-0123456789abcdef" }, true);
      await rotated.refresh();
      await rotated.up(); // no change to make, so no request: it only stores the new config
      const refresh = await rotated.run(["refresh", "--yes", "--skip-preview"], { allowFailure: true });
      expect(refresh.code).not.toBe(0);
      expect(refresh.stdout + refresh.stderr).toMatch(/Authentication error/);
      expect(refresh.stdout + refresh.stderr).not.toContain("rotated-0123456789abcdef");
      await rotated.setConfig({ "realtimekit:apiToken": TOKEN }, true);
      await rotated.up();
      await rotated.destroy();
    } finally {
      rotated.dispose();
    }
  });
});
