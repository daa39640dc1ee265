/**
 * Why provider/plugin/server-patches.ts is still there: the provider server of each supported
 * @pulumi/pulumi, the oldest (the peer range's lower bound) and the locked (newest), served in a
 * child process and called over gRPC as the engine calls it. Unpatched, Configure's arguments reach
 * nothing and a Read without properties (`pulumi import`) fails; patched, both work. When a new SDK
 * closes a gap, the unpatched case here fails, and the patch can go once the oldest SDK closes it too.
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { ConfigureRequest, ReadRequest } from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { lockedPulumiVersion, oldestPulumiVersion, root } from "../../../scripts/pulumi-env";
import { npm } from "../../helpers/package";

jest.setTimeout(180_000);
const URN = "urn:pulumi:dev::friday::pulumi:providers:realtimekit::default";
const patches = path.join(root, "dist", "provider", "plugin", "server-patches.js");

// Serves a provider on the @pulumi/pulumi this folder resolves, patched when asked, and prints on
// stderr, a JSON line each, whatever reaches the provider or the patch's listener.
const probe = `
const report = (event) => process.stderr.write(JSON.stringify(event) + "\\n");
if (process.argv[2] === "patched") require("./server-patches").patchProviderServer(async (urn, args) => report({ listener: { urn, args } }));
require("@pulumi/pulumi/provider").main({
  version: "0.0.1",
  configure: async (args) => report({ configure: args }),
  read: async (id, urn, props) => { report({ read: { id, props } }); return { id, props }; },
}, []);
`;

/** A folder with the probe and a copy of the compiled patch, resolving @pulumi/pulumi `version`. */
function probeDir(version: string): string {
  if (!fs.existsSync(patches)) throw new Error(`${patches} is missing: run 'npm run build' (npm test does)`);
  let dir: string;
  if (version === lockedPulumiVersion()) {
    // Under the repository: it resolves the repository's own SDK.
    fs.mkdirSync(path.join(root, ".work"), { recursive: true });
    dir = fs.mkdtempSync(path.join(root, ".work", "server-patches-"));
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "server-patches-"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, dependencies: { "@pulumi/pulumi": version } }));
    npm(["install"], dir);
  }
  fs.copyFileSync(patches, path.join(dir, "server-patches.js"));
  fs.writeFileSync(path.join(dir, "probe.js"), probe);
  return dir;
}

interface Served {
  client: ResourceProviderClient;
  /** The events so far, once `count` arrived or a second passed: the probe's stderr may trail its gRPC answers. */
  events: (count: number) => Promise<unknown[]>;
  child: ChildProcess;
}

async function serve(dir: string, mode: "patched" | "unpatched"): Promise<Served> {
  const child = spawn(process.execPath, ["probe.js", mode], { cwd: dir });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`the probe exited with ${code}: ${stderr}`)));
  });
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const parsed = () => stderr.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
  const events = async (count: number) => {
    for (const end = Date.now() + 1000; parsed().length < count && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 20));
    return parsed();
  };
  return { client, events, child };
}

const configure = (s: Served, args: Record<string, unknown>) =>
  new Promise<void>((resolve, reject) => {
    const request = new ConfigureRequest();
    request.setUrn(URN);
    request.setArgs(Struct.fromJavaScript(args as never));
    s.client.configure(request, (error) => (error ? reject(error) : resolve()));
  });

/** A Read as `pulumi import` sends it: an id and a URN, no properties. */
const readWithoutProperties = (s: Served) =>
  new Promise<string>((resolve, reject) => {
    const request = new ReadRequest();
    request.setId("ls-1");
    request.setUrn("urn:pulumi:dev::friday::realtimekit:index:IndependentLivestream::imported");
    s.client.read(request, (error, response) => (error ? reject(error) : resolve(response.getId())));
  });

const VERSIONS = [...new Set([oldestPulumiVersion(), lockedPulumiVersion()])];
const dirs = new Map<string, string>();
const running: Served[] = [];
beforeAll(() => {
  for (const version of VERSIONS) dirs.set(version, probeDir(version));
});
afterEach(() => {
  for (const s of running.splice(0)) {
    s.client.close();
    s.child.kill("SIGKILL");
  }
});
afterAll(() => {
  for (const dir of dirs.values()) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(VERSIONS)("the provider server of @pulumi/pulumi %s", (version) => {
  it("unpatched: hands Configure's arguments to nothing, and fails a Read without properties", async () => {
    const s = await serve(dirs.get(version)!, "unpatched");
    running.push(s);
    await configure(s, { apiToken: "t", appId: "a" });
    await expect(readWithoutProperties(s)).rejects.toThrow("Cannot read properties of undefined (reading 'toJavaScript')");
    expect(await s.events(1)).toEqual([]);
  });

  it("patched: hands Configure's arguments to the listener, and reads with empty properties", async () => {
    const s = await serve(dirs.get(version)!, "patched");
    running.push(s);
    await configure(s, { apiToken: "t", appId: "a" });
    expect(await readWithoutProperties(s)).toBe("ls-1");
    expect(await s.events(2)).toEqual([{ listener: { urn: URN, args: { apiToken: "t", appId: "a" } } }, { read: { id: "ls-1", props: {} } }]);
  });
});
