/**
 * The oldest supported Pulumi, the lower bound of the peer range (3.259.0): its CLI, and programs
 * outside the repository that install its SDK beside the packed package, through both doors. The
 * other end-to-end files run the CLI build-pulumi-cli.sh chose (the locked, newest one when no pulumi
 * is installed) on the repository's SDK. The plugin runs on the program's SDK, so the YAML steps here
 * also prove the provider-server patches (provider/plugin/server-patches.ts) on the oldest SDK:
 * settings from stack config reach the plugin through Configure, and `pulumi import` reads.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultName } from "../../provider/names/default-name";
import { DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";
import { oldestPulumiVersion, requirePulumiCli, root } from "../../scripts/pulumi-env";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { configure, expectNoPlainSecrets, filesHolding, QUICKSTART_NAME } from "../helpers/e2e";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../helpers/emulator";
import { requireTarball, sdkCopies, tarball, userProgram } from "../helpers/package";
import { requireYamlHost } from "../helpers/plugin";

jest.setTimeout(600_000);
const OLDEST = oldestPulumiVersion();
const emulator = useEmulator();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "realtimekit-oldest-"));
const SECRET_NAME = "hidden-name-0ld3st";

/**
 * A program in `work/<name>` from a project's files (`from`: relative to the repository) with the packed package and
 * the oldest SDK: the quickstart's installed, the others' linked to it (the same dependencies).
 */
function program(name: string, from: string, files: string[]): string {
  const dir = userProgram(work, name, path.join(root, from), files, { "@pulumi/pulumi": OLDEST, "pulumi-realtimekit": `file:${tarball}` }, quickstart);
  expect(sdkCopies(dir)).toEqual([OLDEST]);
  return dir;
}

/** A stack of `project` on the oldest CLI, configured for the emulator. */
async function oldestStack(project: string, stack: string): Promise<PulumiStack> {
  const s = await PulumiStack.create(project, { inPlace: true, stack, dir: path.join(work, `${stack}-pulumi`), pulumiVersion: "oldest" });
  await configure(s, emulator);
  return s;
}

let quickstart: string;
beforeAll(() => {
  // npm test gets this CLI in the background while other files run (scripts/beside-oldest-cli.sh): the script waits for
  // that run, then finds it cached; run alone, it gets the CLI itself. Either way a failed build fails here, loudly.
  execFileSync("bash", [path.join(root, "scripts", "build-pulumi-cli.sh"), "nodejs", "yaml"], { env: { ...process.env, PULUMI_VERSION: "oldest" }, stdio: ["ignore", "ignore", "pipe"] });
  requireTarball();
  requireYamlHost("oldest");
  quickstart = program("quickstart", "examples/quickstart", ["Pulumi.yaml", "index.ts"]);
}, 40 * 60_000);
afterAll(() => {
  if (!process.env.KEEP_PULUMI_DIRS) fs.rmSync(work, { recursive: true, force: true });
});

describe(`the oldest supported Pulumi (${OLDEST})`, () => {
  it("is the CLI these tests run", () => {
    expect(execFileSync(path.join(requirePulumiCli("oldest"), "pulumi"), ["version"], { encoding: "utf8" }).trim()).toBe(`v${OLDEST}`);
  });

  it("runs the quickstart: up, a no-op up, the stream key secret, refresh, destroy", async () => {
    const stack = await oldestStack(quickstart, "test");
    await stack.up();
    const [record] = await emulator.livestreams();
    expect(record.name).toBe(QUICKSTART_NAME);
    // One list of the app's names before the first create, then the one POST.
    const created = ["GET fetch_all_livestreams", "POST create_livestream"];
    expect(await emulator.calls()).toEqual(created);
    expect((await stack.outputs()).streamKey).toBe("[secret]");
    expect((await stack.outputs(true)).streamKey).toBe(record.stream_key);
    expect((await stack.resources())[0].outputs?.streamKey).toHaveProperty("ciphertext");

    expect((await stack.up()).stdout).toMatch(/2 unchanged/);
    expect(await emulator.calls()).toEqual(created);

    await emulator.change(record.id, { status: "LIVE" });
    const refresh = await stack.refresh();
    expect(refresh.stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/realtimekit:IndependentLivestream\s+livestream\s+updated/);
    expect(refresh.stdout).toMatch(/~ 1 updated\s+1 unchanged/);
    expect((await stack.resources())[0].outputs?.status).toBe("LIVE");
    expect((await stack.up()).stdout).toMatch(/2 unchanged/);

    await stack.destroy();
    expect(await stack.resources()).toEqual([]);
    await expectNoPlainSecrets(stack, [TOKEN, record.stream_key]);
  });

  it("keeps a name given as a secret secret in state, the backend's files and the output", async () => {
    const stack = await oldestStack(program("secret-name", "tests/programs/secret-name", ["Pulumi.yaml", "index.ts"]), "secret");
    await stack.setConfig({ livestreamName: SECRET_NAME }, true);
    await stack.up();
    expect((await emulator.livestreams()).map((r) => r.name)).toEqual([SECRET_NAME]);
    const [resource] = await stack.resources(DYNAMIC_TYPE_TOKEN);
    expect(resource.inputs?.name).toHaveProperty("ciphertext");
    expect(resource.outputs?.name).toHaveProperty("ciphertext");
    await stack.refresh();
    expect((await stack.up()).stdout).toMatch(/2 unchanged/);
    expect(await stack.exportState()).not.toContain(SECRET_NAME);
    expect(filesHolding(path.join(stack.dir, "state"), SECRET_NAME)).toEqual([]);
    expect(stack.printed()).not.toContain(SECRET_NAME);
  });

  it("serves the YAML quickstart through the plugin on the oldest SDK: settings by Configure, a secret name, an import", async () => {
    const stack = await oldestStack(program("yaml-quickstart", "examples/yaml-quickstart", ["Pulumi.yaml"]), "yaml");
    await stack.setConfig({ backstageName: SECRET_NAME }, true);
    // Every create reaches the emulator only with the settings Configure handed the plugin.
    await stack.up();
    expect((await emulator.livestreams()).map((r) => r.name).sort()).toEqual([defaultName("realtimekit-yaml-quickstart", "yaml", "main-stage"), SECRET_NAME].sort());
    expect((await stack.outputs()).streamKey).toBe("[secret]");
    expect((await stack.up()).stdout).toMatch(/3 unchanged/);
    expect(await stack.exportState()).not.toContain(SECRET_NAME);
    expect(filesHolding(path.join(stack.dir, "state"), SECRET_NAME)).toEqual([]);

    // `pulumi import` reads with no properties: the server fails on that without the patch.
    const existing = await emulator.seed({ name: "imported-show" });
    await stack.run(["import", PLUGIN_TYPE_TOKEN, "imported", existing.id, "--yes"]);
    const imported = (await stack.resources(PLUGIN_TYPE_TOKEN)).find((r) => r.id === existing.id);
    expect(imported?.inputs).toEqual({ name: "imported-show", accountId: ACCOUNT_ID, appId: APP_ID });

    await stack.run(["state", "unprotect", "--all", "--yes"]);
    await stack.destroy();
    expect(await stack.resources(PLUGIN_TYPE_TOKEN)).toEqual([]);
    await expectNoPlainSecrets(stack, [TOKEN, SECRET_NAME, ...(await emulator.livestreams()).map((r) => r.stream_key)]);
  });
});
