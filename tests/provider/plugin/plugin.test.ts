/**
 * The plugin door against the emulator over real HTTP, as the engine drives it: what it adds to the
 * core (names from URNs, secrets on the wire, settings from Configure, import, the lookups as
 * invokes), and nothing the core already does.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { defaultName } from "../../../provider/names/default-name";
import { RealtimeKitPlugin } from "../../../provider/plugin/plugin";
import { parseUrn } from "../../../provider/engine/urn";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../../helpers/emulator";

const emulator = useEmulator();
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
const DEFAULT_PROVIDER = "urn:pulumi:dev::friday::pulumi:providers:realtimekit::default";
const urn = (name: string, type = "realtimekit:index:IndependentLivestream") => `urn:pulumi:dev::friday::${type}::${name}`;

async function plugin(args: Record<string, unknown> = {}): Promise<RealtimeKitPlugin> {
  const p = new RealtimeKitPlugin();
  await p.configure(DEFAULT_PROVIDER, { apiToken: secret(TOKEN), baseUrl: emulator.baseUrl, accountId: ACCOUNT_ID, appId: APP_ID, maxRetries: "0", ...args });
  return p;
}

describe("the plugin door", () => {
  it("reads the parts of a URN, a name with '::' and a child's type included", () => {
    expect(parseUrn("urn:pulumi:dev::friday::my:index:Parent$realtimekit:index:IndependentLivestream::odd::name")).toEqual({
      stack: "dev", project: "friday", type: "realtimekit:index:IndependentLivestream", parentTypes: ["my:index:Parent"], name: "odd::name",
    });
  });

  it("checks with the default name the dynamic resource would give, from the URN", async () => {
    const { inputs, failures } = await (await plugin()).check(urn("main stage"), {}, {});
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ name: defaultName("friday", "dev", "main stage"), accountId: ACCOUNT_ID, appId: APP_ID, createStartedAt: expect.any(String) });
    expect(inputs.name).toMatch(/^friday-dev-main-stage-[0-9a-f]{8}$/);
  });

  it("refuses resource types it does not have", async () => {
    await expect((await plugin()).check(urn("x", "realtimekit:index:Meeting"), {}, {})).rejects.toThrow("unknown resource type realtimekit:index:Meeting");
  });

  it("tells apart two resources of one resource name under parents of different types", async () => {
    const p = await plugin();
    const child = (parent: string) => urn("show", `${parent}$realtimekit:index:IndependentLivestream`);
    expect((await p.check(child("my:index:Studio"), {}, { name: "stage" })).failures).toEqual([]);
    expect((await p.check(child("my:index:Backup"), {}, { name: "stage" })).failures).toEqual([
      { property: "name", reason: "name 'stage' is also the name of resource 'show' under my:index:Studio in the same app: give each livestream its own name, since names identify livestreams" },
    ]);
  });

  it("creates with the stream key marked secret on the wire, and no undefined anywhere", async () => {
    const p = await plugin();
    const { inputs } = await p.check(urn("show"), {}, { name: "show" });
    const { id, outs } = await p.create(urn("show"), inputs);
    const [record] = await emulator.livestreams();
    expect(id).toBe(record.id);
    expect(outs).toEqual({
      name: "show", accountId: ACCOUNT_ID, appId: APP_ID, createStartedAt: inputs.createStartedAt, livestreamId: record.id, ingestServer: record.ingest_server,
      streamKey: secret(record.stream_key), playbackUrl: record.playback_url, status: "INVOKED", disabled: false,
    });
  });

  it("keeps every field that arrived secret secret, through check, create, read, update and a later check", async () => {
    const p = await plugin();
    const checked = await p.check(urn("show"), {}, { name: secret("hidden-show"), accountId: secret(ACCOUNT_ID) });
    expect(checked.inputs).toMatchObject({ name: secret("hidden-show"), accountId: secret(ACCOUNT_ID), appId: APP_ID });
    const { id, outs } = await p.create(urn("show"), checked.inputs);
    expect(outs).toMatchObject({ name: secret("hidden-show"), accountId: secret(ACCOUNT_ID), appId: APP_ID, livestreamId: id });
    const read = await p.read(id, urn("show"), outs);
    expect(read.props).toMatchObject({ name: secret("hidden-show"), accountId: secret(ACCOUNT_ID), appId: APP_ID });
    expect(read.inputs).toMatchObject({ name: secret("hidden-show"), accountId: secret(ACCOUNT_ID), appId: APP_ID });
    const updated = await p.update(id, urn("show"), outs, checked.inputs);
    expect(updated.outs).toMatchObject({ name: secret("hidden-show"), accountId: secret(ACCOUNT_ID), streamKey: expect.objectContaining({ [specialSigKey]: specialSecretSig }) });
    // A later check that leaves fields out keeps the old values' marks: the kept name stays secret.
    const again = await p.check(urn("show"), checked.inputs, {});
    expect(again.inputs).toMatchObject({ name: secret("hidden-show"), accountId: secret(ACCOUNT_ID), appId: APP_ID });
    // A value no longer given as a secret is not one.
    expect((await p.check(urn("show"), checked.inputs, { name: "hidden-show" })).inputs).toMatchObject({ name: "hidden-show" });
  });

  it("carries the create stamp through check and diff, as the dynamic door does", async () => {
    const p = await plugin();
    const old = { name: "show", accountId: ACCOUNT_ID, appId: APP_ID, createStartedAt: "2026-01-02T03:04:05.000Z" };
    const { inputs } = await p.check(urn("show"), old, { name: "show" });
    expect(inputs).toEqual(old);
    expect(await p.diff("x", urn("show"), old, inputs)).toMatchObject({ changes: false, replaces: [] });
  });

  it("imports by id alone: the livestream in the settings' app, with inputs that declare it", async () => {
    const record = await emulator.seed({ name: "imported-show" });
    const result = await (await plugin()).read(record.id, urn("imported"), {});
    expect(result.id).toBe(record.id);
    expect(result.inputs).toEqual({ name: "imported-show", accountId: ACCOUNT_ID, appId: APP_ID });
    expect(result.props).toMatchObject({ name: "imported-show", livestreamId: record.id, streamKey: secret(record.stream_key) });
  });

  it("imports a livestream without a name (the API allows '{}') as an adoption, which the next check keeps as it is", async () => {
    const record = await emulator.seed({ name: null });
    const p = await plugin();
    const result = await p.read(record.id, urn("nameless"), {});
    expect(result.inputs).toEqual({ accountId: ACCOUNT_ID, appId: APP_ID, adoptLivestreamId: record.id });
    expect(result.props).toMatchObject({ adoptLivestreamId: record.id, livestreamId: record.id });
    const checked = await p.check(urn("nameless"), result.inputs!, result.inputs!);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject(result.inputs!);
    expect(await p.diff(record.id, urn("nameless"), result.props!, result.inputs!)).toMatchObject({ changes: false });
  });

  it("answers an empty id when the livestream is gone", async () => {
    const record = await emulator.seed({ name: "gone" });
    await emulator.vanish(record.id);
    const stored = { name: "gone", accountId: ACCOUNT_ID, appId: APP_ID, streamKey: secret("k") };
    expect(await (await plugin()).read(record.id, urn("gone"), stored)).toEqual({ id: "", props: {} });
  });

  it("refuses a token that arrives without the secret mark, naming where to fix it, without echoing it", async () => {
    const p = new RealtimeKitPlugin();
    await expect(p.configure(DEFAULT_PROVIDER, { apiToken: "plain-token-1" })).rejects.toThrow("Config 'realtimekit:apiToken' is stored in plain text");
    const explicit = "urn:pulumi:dev::friday::pulumi:providers:realtimekit::studio";
    await expect(p.configure(explicit, { apiToken: "plain-token-1" })).rejects.toThrow("Provider 'studio': apiToken must be a secret");
    await expect(p.configure(explicit, { apiToken: "plain-token-1" })).rejects.not.toThrow("plain-token-1");
  });

  it("serves the lookups as invokes, the stream key secret", async () => {
    const p = await plugin();
    const record = await emulator.seed({ name: "looked-up", status: "LIVE" });
    const got = await p.invoke("realtimekit:index:getIndependentLivestream", { livestreamId: record.id });
    expect(got.outputs).toMatchObject({ livestreamId: record.id, name: "looked-up", streamKey: secret(record.stream_key) });
    const listed = await p.invoke("realtimekit:index:listIndependentLivestreams", { status: "LIVE" });
    expect(listed.outputs).toEqual({ livestreams: [{ livestreamId: record.id, name: "looked-up", status: "LIVE", createdAt: record.created_at }] });
    const sessions = await p.invoke("realtimekit:index:getLivestreamSessions", { livestreamId: record.id });
    expect(sessions.outputs).toHaveProperty("sessions");
    await expect(p.invoke("realtimekit:index:nothing", {})).rejects.toThrow("unknown function realtimekit:index:nothing");
  });
});

describe("the plugin's start", () => {
  // Pulumi starts a plugin process for every command of a YAML stack; the SDK's index loads TypeScript with it.
  it("loads the parts of Pulumi's SDK it uses, neither the SDK's index nor TypeScript", () => {
    const main = path.resolve(__dirname, "../../../dist/provider/plugin/main.js"); // what bin/ runs (npm test builds first)
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run 'npm run build' (npm test does)`);
    // Started as bin/ starts it, until it prints the port it serves on; then the modules it loaded, and an exit.
    const preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plugin-start-")), "loaded.js");
    fs.writeFileSync(preload, `
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = (chunk, ...rest) => {
        if (!/^\\d+\\s*$/.test(String(chunk))) return write(chunk, ...rest);
        process.stderr.write(JSON.stringify(Object.keys(require.cache)));
        process.exit(0);
      };
    `);
    const started = spawnSync(process.execPath, ["-r", preload, main], { encoding: "utf8", timeout: 30_000 });
    expect(started.status).toBe(0);
    const loaded = JSON.parse(started.stderr) as string[];
    expect(loaded.some((file) => file.includes(`${path.sep}@pulumi${path.sep}pulumi${path.sep}`))).toBe(true);
    expect(loaded.filter((file) => file.endsWith(path.join("@pulumi", "pulumi", "index.js")) || file.includes(`${path.sep}typescript${path.sep}`))).toEqual([]);
  });
});
