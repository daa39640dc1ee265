/**
 * The Pulumi YAML example under the real engine, through the plugin door, step by step: each step
 * checks the emulator's request log and the exported state, not only exit codes.
 */
import { defaultName } from "../../provider/names/default-name";
import * as fs from "node:fs";
import * as path from "node:path";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../helpers/emulator";
import { expectDestroyForgets, expectNoSecretsAnywhere } from "../helpers/e2e";
import { yamlStackFor } from "../helpers/plugin";
import { PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(180_000);
const emulator = useEmulator({ resetBeforeEach: false });
const POST = "POST create_livestream";
/** The example's lookup of live livestreams: one list per run of the program. */
const LIST = "GET fetch_all_livestreams";
const MAIN = defaultName("realtimekit-yaml-quickstart", "test", "main-stage");
let stack: PulumiStack;

beforeAll(async () => {
  stack = await yamlStackFor("examples/yaml-quickstart", emulator);
});
afterAll(() => stack?.dispose());

const livestreams = () => stack.resources(PLUGIN_TYPE_TOKEN);

describe("the YAML quickstart through the plugin", () => {
  it("previews two creates and sends no request but the lookup and one list of the app's names", async () => {
    const { stdout } = await stack.preview();
    expect(stdout).toMatch(/\+\s+realtimekit:index:IndependentLivestream\s+main-stage\s+create/);
    expect(stdout).toMatch(/\+\s+realtimekit:index:IndependentLivestream\s+backstage\s+create/);
    expect(await emulator.calls()).toEqual([LIST, LIST]);
  });

  it("creates both livestreams with one POST each, named by default and by config, the key secret", async () => {
    const before = (await emulator.calls()).length;
    await stack.up();
    const records = await emulator.livestreams();
    // The lookup's list, one list of the app's names before the first create, and the two POSTs.
    expect((await emulator.calls()).slice(before).sort()).toEqual([LIST, LIST, POST, POST]);
    expect(records.map((r) => r.name).sort()).toEqual(["backstage", MAIN]);
    const main = records.find((r) => r.name === MAIN)!;
    expect(await stack.outputs()).toEqual({
      livestreamId: main.id,
      ingestServer: "rtmps://live.cloudflare.com:443/live/",
      playbackUrl: main.playback_url,
      status: "INVOKED",
      streamKey: "[secret]",
      backstagePlaybackUrl: records.find((r) => r.name === "backstage")!.playback_url,
      liveNow: [],
    });
    expect((await stack.outputs(true)).streamKey).toBe(main.stream_key);
    const resource = (await livestreams()).find((r) => r.id === main.id)!;
    expect(resource.outputs).toMatchObject({ name: MAIN, livestreamId: main.id, status: "INVOKED", disabled: false });
    expect(resource.outputs?.streamKey).toHaveProperty("ciphertext");
    expect(resource.inputs).toEqual({ name: MAIN, accountId: resource.outputs?.accountId, appId: resource.outputs?.appId, createStartedAt: expect.any(String) });
  });

  it("changes nothing and sends no request but the lookup on a second up", async () => {
    const before = await emulator.calls();
    const { stdout } = await stack.up();
    expect(stdout).toMatch(/3 unchanged/);
    expect(await emulator.calls()).toEqual([...before, LIST]);
  });

  it("refreshes an out-of-band status change into state, showing that livestream updated, and the lookup sees it too", async () => {
    const main = (await emulator.livestreams()).find((r) => r.name === MAIN)!;
    await emulator.change(main.id, { status: "LIVE" });
    const { stdout } = await stack.refresh();
    expect(stdout).toMatch(/~\s+realtimekit:index:IndependentLivestream\s+main-stage\s+updated/);
    expect(stdout).not.toMatch(/backstage\s+updated/);
    expect(stdout).toContain(`realtimekit: livestream ${main.id} changed in Cloudflare since it was last read: status`);
    expect(stdout).toMatch(/~ 1 updated\s+2 unchanged/);
    expect((await livestreams()).find((r) => r.id === main.id)?.outputs?.status).toBe("LIVE");
    const up = await stack.up();
    expect(up.stdout).toMatch(/3 unchanged/);
    expect(up.stdout).not.toMatch(/\d+ (created|updated|replaced|deleted)/);
    expect((await stack.outputs()).liveNow).toEqual([{ livestreamId: main.id, name: MAIN, status: "LIVE", createdAt: main.created_at }]);
  });

  it("imports an existing livestream, and the next up shows no diff", async () => {
    const existing = await emulator.seed({ name: "imported-show" });
    const { stdout } = await stack.run(["import", PLUGIN_TYPE_TOKEN, "imported", existing.id, "--yes", "--out", path.join(stack.dir, "imported.yaml")]);
    expect(stdout).toMatch(/=\s+realtimekit:index:IndependentLivestream\s+imported\s+imported/);
    const resource = (await livestreams()).find((r) => r.id === existing.id)!;
    expect(resource.inputs).toEqual({ name: "imported-show", accountId: ACCOUNT_ID, appId: APP_ID });
    expect(resource.outputs).toMatchObject({ name: "imported-show", livestreamId: existing.id });
    expect(resource.outputs?.streamKey).toHaveProperty("ciphertext");
    // Declare it with the code import generated, and the engine finds nothing to change.
    const generated = fs.readFileSync(path.join(stack.dir, "imported.yaml"), "utf8");
    expect(generated).toMatch(/type: realtimekit:IndependentLivestream[\s\S]*name: imported-show/);
    const program = path.join(stack.projectDir, "Pulumi.yaml");
    fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace("variables:", `${generated.replace(/^resources:\n/, "")}variables:`));
    const preview = await stack.preview();
    expect(preview.stdout).toMatch(/4 unchanged/);
    expect(preview.stdout).not.toMatch(/to (create|update|replace|delete)/);
    const up = await stack.up();
    expect(up.stdout).toMatch(/4 unchanged/);
    expect(up.stdout).not.toMatch(/\d+ (created|updated|replaced|deleted)/);
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(2);
  });

  it("destroys by forgetting, warning that each livestream still exists", () => expectDestroyForgets(stack, emulator, PLUGIN_TYPE_TOKEN, 3));

  it("never showed a stream key or the token in plain text", async () => {
    await expectNoSecretsAnywhere(stack, [TOKEN, ...(await emulator.livestreams()).map((r) => r.stream_key)]);
  });
});

describe("bad input in YAML", () => {
  it("refuses a bad name at preview, naming the field, and a name the app holds with the provider's refusal, sending nothing but the lookup and saving nothing", async () => {
    const bad = await yamlStackFor("examples/yaml-quickstart", emulator, "bad");
    try {
      await bad.setConfig({ backstageName: "has space" });
      const before = (await emulator.calls()).length;
      const result = await bad.preview({ allowFailure: true });
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain(`name must be 1-100 characters, each a letter, digit, '-' or '_' (got "has space")`);
      // The lookup lists (its pages end on an empty one); nothing else is sent.
      expect(new Set((await emulator.calls()).slice(before))).toEqual(new Set([LIST]));
      expect(await bad.resources(PLUGIN_TYPE_TOKEN)).toEqual([]);

      // A name the app holds (the quickstart's backstage, which destroy forgot) is refused too, as the provider says it.
      const held = (await emulator.livestreams()).find((r) => r.name === "backstage")!;
      await bad.setConfig({ backstageName: "backstage" });
      const refused = await bad.preview({ allowFailure: true });
      expect(refused.code).not.toBe(0);
      const printed = refused.stdout + refused.stderr;
      expect(printed).toContain(`IndependentLivestream (backstage):\n    error: App ${APP_ID} already has a livestream named 'backstage': ${held.id}`);
      expect(printed).not.toContain("has a problem");
      expect(await bad.resources(PLUGIN_TYPE_TOKEN)).toEqual([]);
      expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(2);
    } finally {
      bad.dispose();
    }
  });
});
