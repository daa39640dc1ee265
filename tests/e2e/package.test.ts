/**
 * The package as users get it: packed by `npm pack` (npm run build does), installed into a fresh
 * Pulumi program in a temporary folder outside the repository, and driven through preview, up, a
 * no-op up and refresh; then upgraded to a changed build, which refreshes and destroys resources
 * created before it without replacing them.
 */
import { defaultName } from "../../provider/names/default-name";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { root } from "../../scripts/pulumi-env";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { TOKEN, useEmulator } from "../helpers/emulator";
import { configure, expectNoPlainSecrets, PROVIDER_BUDGET, STATE_ENTRY_BUDGET } from "../helpers/e2e";
import { SERIALIZED_PROVIDER } from "../../provider/dynamic/serialized-provider";
import { npm, requireTarball, sdkCopies, tarball } from "../helpers/package";

jest.setTimeout(600_000);
const emulator = useEmulator({ resetBeforeEach: false });
const work = fs.mkdtempSync(path.join(os.tmpdir(), "realtimekit-user-"));
const app = path.join(work, "app");
let stack: PulumiStack;

/** The newest @pulumi/pulumi the registry serves here. */
const NEWEST_SDK = "3.276.0";

/** A changed build of the package: the same files under another version. */
function upgradedTarball(newVersion: string): string {
  const dir = path.join(work, "upgrade");
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  const manifest = path.join(dir, "package", "package.json");
  fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifest, "utf8")), version: newVersion }, null, 2));
  const [{ filename }] = JSON.parse(npm(["pack", "--json", "--pack-destination", work, path.join(dir, "package")], work));
  return path.join(work, path.basename(filename));
}

beforeAll(async () => {
  requireTarball();
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "Pulumi.yaml"), "name: user-app\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
  fs.writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({ name: "user-app", private: true, main: "index.ts", dependencies: { "@pulumi/pulumi": "3.259.0", "pulumi-realtimekit": `file:${tarball}` } }, null, 2),
  );
  fs.writeFileSync(
    path.join(app, "index.ts"),
    'import { IndependentLivestream } from "pulumi-realtimekit";\n' +
      'const stream = new IndependentLivestream("stream", { name: "users-show" });\n' +
      "export const playbackUrl = stream.playbackUrl;\nexport const streamKey = stream.streamKey;\n",
  );
  npm(["install"], app);
  stack = await PulumiStack.create(app, { inPlace: true, dir: path.join(work, "pulumi") });
  await configure(stack, emulator);
});
afterAll(() => {
  if (!process.env.KEEP_PULUMI_DIRS) fs.rmSync(work, { recursive: true, force: true });
});

describe("the installed package", () => {
  it("ships compiled code, types and the emulator, and nothing else", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, ""));
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/dynamic/runtime.js", "dist/emulator/cli.js", "dist/emulator/index.d.ts"]));
    expect(files).toEqual(expect.arrayContaining(["dist/provider/plugin/main.js", "bin/pulumi-resource-realtimekit", "dist/provider/recovery/recover-cli.js", "dist/provider/import/import-cli.js"]));
    const shipped = /^dist\/(provider|emulator)\/([\w-]+\/)*[\w-]+\.(js|d\.ts)$/;
    // And the pages the README links to (tests/scripts/npm-pack.test.ts follows the links).
    const pages = /^(README\.md|CHANGELOG\.md|docs\/[\w-]+\.md|emulator\/README\.md|examples\/README\.md)$/;
    expect(files.filter((f) => !shipped.test(f) && !pages.test(f) && !["package.json", "bin/pulumi-resource-realtimekit"].includes(f))).toEqual([]);
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
    // The repository's build, which an install from the tarball, or a pack of the package, could not run.
    expect(["prepare", "prepack", "postpack"].filter((name) => manifest.scripts[name] !== undefined)).toEqual([]);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["axios"]);
    // The SDK is the program's own: a range lets npm keep one copy.
    expect(manifest.peerDependencies).toEqual({ "@pulumi/pulumi": "^3.259.0" });
    expect(Object.keys(manifest.exports).sort()).toEqual([".", "./emulator", "./package.json", "./runtime"]);
    expect(manifest.engines).toEqual({ node: ">=22" });
    expect(manifest.bin).toEqual({
      "realtimekit-emulator": "dist/emulator/cli.js", "realtimekit-recover": "dist/provider/recovery/recover-cli.js",
      "realtimekit-import": "dist/provider/import/import-cli.js", "pulumi-resource-realtimekit": "bin/pulumi-resource-realtimekit",
    });
  });

  it("installs outside the repository, where it resolves on its own", () => {
    const resolved = execFileSync(process.execPath, ["-p", "require.resolve('pulumi-realtimekit/runtime')"], { cwd: app, encoding: "utf8" }).trim();
    expect(resolved).toBe(path.join(fs.realpathSync(app), "node_modules", "pulumi-realtimekit", "dist", "provider", "dynamic", "runtime.js"));
    expect(resolved.startsWith(root)).toBe(false);
  });

  it("serves the YAML quickstart from the installed plugin, as written", async () => {
    const project = path.join(work, "yaml-app");
    fs.mkdirSync(project);
    fs.copyFileSync(path.join(root, "examples", "yaml-quickstart", "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "yaml-app", private: true, dependencies: { "pulumi-realtimekit": `file:${tarball}` } }));
    npm(["install"], project);
    // npm installs the peer SDK itself: one copy, the newest 3.x the registry has, which the plugin runs on.
    expect(sdkCopies(project)).toHaveLength(1);
    const yaml = await PulumiStack.create(project, { inPlace: true, dir: path.join(work, "yaml-pulumi") });
    await configure(yaml, emulator);
    await yaml.up();
    const created = (await emulator.livestreams()).map((l) => l.name).sort();
    expect(created).toEqual(["backstage", defaultName("realtimekit-yaml-quickstart", "test", "main-stage")]);
    expect((await yaml.outputs()).streamKey).toBe("[secret]");
    await yaml.destroy();
    await emulator.reset();
  });

  it("serves a program that installs the package as a link (npm install <folder>, as npm link and workspaces do)", async () => {
    const project = path.join(work, "linked-app");
    fs.mkdirSync(project);
    fs.copyFileSync(path.join(app, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    fs.copyFileSync(path.join(app, "index.ts"), path.join(project, "index.ts"));
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "linked-app", private: true, main: "index.ts", dependencies: { "@pulumi/pulumi": "3.259.0", "pulumi-realtimekit": `file:${root}` } }));
    npm(["install"], project);
    // The package's files are this checkout's, outside the program's node_modules.
    expect(fs.realpathSync(path.join(project, "node_modules", "pulumi-realtimekit"))).toBe(fs.realpathSync(root));
    const linked = await PulumiStack.create(project, { inPlace: true, dir: path.join(work, "linked-pulumi") });
    await configure(linked, emulator);
    await linked.up();
    const [resource] = await linked.resources();
    expect(resource.outputs?.__provider).toBe(SERIALIZED_PROVIDER);
    expect((await emulator.livestreams()).map((l) => l.name)).toEqual(["users-show"]);
    expect((await linked.up()).stdout).toContain("2 unchanged");
    await linked.refresh();
    await linked.destroy();
    await emulator.reset();
  });

  it("joins a program on the newest SDK with one copy of @pulumi/pulumi, and runs up", async () => {
    const project = path.join(work, "newest-sdk-app");
    fs.mkdirSync(project);
    fs.copyFileSync(path.join(app, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    fs.copyFileSync(path.join(app, "index.ts"), path.join(project, "index.ts"));
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "newest-sdk-app", private: true, main: "index.ts", dependencies: { "@pulumi/pulumi": NEWEST_SDK, "pulumi-realtimekit": `file:${tarball}` } }));
    npm(["install"], project);
    expect(sdkCopies(project)).toEqual([NEWEST_SDK]);
    const newest = await PulumiStack.create(project, { inPlace: true, dir: path.join(work, "newest-pulumi") });
    await configure(newest, emulator);
    await newest.up();
    expect((await emulator.livestreams()).map((l) => l.name)).toEqual(["users-show"]);
    expect((await newest.outputs()).streamKey).toBe("[secret]");
    expect((await newest.up()).stdout).toContain("2 unchanged");
    await newest.destroy();
    await emulator.reset();
  });

  it("runs the packaged emulator from its bin", async () => {
    const child = spawn(path.join(app, "node_modules", ".bin", "realtimekit-emulator"), ["--port", "0"], { cwd: app });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
        child.once("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
      });
      const [, url] = line.match(/^RealtimeKit emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(base URL \1\/client\/v4\)$/) ?? [];
      expect(url).toBeDefined();
      expect(await (await fetch(`${url}/__emulator/health`)).json()).toEqual({ ok: true });
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("previews, creates once, and stays unchanged on a second up", async () => {
    const preview = await stack.preview();
    expect(preview.stdout).toContain("+ 2 to create");
    // Before its first create, each provider process lists the app's names once.
    const [list, post] = ["GET fetch_all_livestreams", "POST create_livestream"];
    expect(await emulator.calls()).toEqual([list]);
    await stack.up();
    expect(await emulator.calls()).toEqual([list, list, post]);
    expect((await stack.up()).stdout).toContain("2 unchanged");
    expect(await emulator.calls()).toEqual([list, list, post]);
  });

  it("keeps the state entry small, with a one-line provider and no token", async () => {
    const [resource] = await stack.resources();
    const provider = resource.outputs?.__provider as string;
    expect(provider).toContain('require("pulumi-realtimekit/runtime")');
    expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(PROVIDER_BUDGET);
    expect(Buffer.byteLength(JSON.stringify(resource))).toBeLessThanOrEqual(STATE_ENTRY_BUDGET);
    await expectNoPlainSecrets(stack, [TOKEN, (await emulator.livestreams())[0].stream_key]);
  });

  it("refreshes and destroys with an upgraded package, replacing nothing", async () => {
    const [before] = await stack.resources();
    npm(["install", upgradedTarball("99.0.0")], app);
    expect((await stack.preview()).stdout).toContain("2 unchanged");
    await stack.refresh();
    const reads = (await emulator.requests()).filter((r) => r.operation === "get-v2-livestream-session-livestream-id");
    expect(reads.at(-1)?.userAgent).toBe("pulumi-realtimekit/99.0.0");
    expect((await stack.resources())[0].id).toBe(before.id);
    const { stdout } = await stack.destroy();
    expect(stdout).toContain(`livestream ${before.id} ('users-show') was removed from the stack but STILL EXISTS in Cloudflare`);
    expect(await stack.resources()).toEqual([]);
    expect((await emulator.calls()).filter((c) => c.startsWith("POST"))).toHaveLength(1);
  });
});
