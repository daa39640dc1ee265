/** The provider process ends, rather than spinning, waiting forever or posting, when the engine has gone. */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { engineAddressOf, engineAnswers } from "../../../provider/engine/engine-gone";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../../helpers/emulator";

// The compiled provider, as the provider hosts load it (npm test builds first).
const dist = (file: string): string => {
  const compiled = path.resolve(__dirname, "../../../dist/provider", file);
  if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: run 'npm run build' (npm test does)`);
  return compiled;
};
const POST = "POST create_livestream";
const emulator = useEmulator();
jest.setTimeout(15_000);

/** Every process a test starts, killed after it, even one a failing test left waiting. */
const children: ChildProcess[] = [];
const start = (args: string[], stdio: ("ignore" | "pipe")[]): ChildProcess => {
  const child = spawn(process.execPath, args, { stdio });
  children.push(child);
  return child;
};
const servers: net.Server[] = [];
afterEach(() => {
  children.splice(0).forEach((child) => child.kill("SIGKILL"));
  servers.splice(0).forEach((server) => server.listening && server.close());
});

/** A stand-in for the engine's gRPC server: something that accepts connections at an address, until closed. */
async function fakeEngine(): Promise<{ address: string; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { address: `127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", resolve)));
}

/** Whether `child` still runs `ms` from now. */
async function stillRunningAfter(child: ChildProcess, ms: number): Promise<boolean> {
  return Promise.race([exitOf(child).then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms))]);
}

/** The first line `child` prints that contains `text`. */
function printed(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => (out += d) && out.includes(text) && resolve());
    child.on("exit", (code) => reject(new Error(`exited ${code} before printing '${text}': ${out}`)));
  });
}

it("exits when a log line meets a closed pipe, instead of looping on EPIPE", async () => {
  // Mimic Pulumi's provider host: a crash handler that writes to stderr, then configure and a log line.
  const script = `
    process.on("uncaughtException", (e) => console.error(e.stack));
    const provider = require(${JSON.stringify(dist("dynamic/runtime.js"))});
    provider.configure({ config: { get: () => undefined, require: () => "" } }).then(() => {
      setTimeout(() => { for (let i = 0; i < 100; i++) console.log("log line " + i); }, 200);
      setTimeout(() => process.exit(0), 5000);
    });`;
  const child = start(["-e", script], ["ignore", "pipe", "pipe"]);
  child.stdout!.destroy();
  child.stderr!.destroy();
  // Exit code 1 is the guard; a process caught in the EPIPE loop would reach the timer's exit(0).
  expect(await exitOf(child)).toBe(1);
});

describe("the engine's address", () => {
  it("is the last argument, after the flags Pulumi puts before it", () => {
    expect(engineAddressOf(["127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddressOf(["--logtostderr", "-v=9", "--tracing", "127.0.0.1:9411", "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddressOf(["[::1]:40123"])).toBe("[::1]:40123");
  });

  it("is none when the last argument is no address", () => {
    expect(engineAddressOf([])).toBeUndefined();
    expect(engineAddressOf(["--logtostderr"])).toBeUndefined();
    expect(engineAddressOf(["127.0.0.1:notaport"])).toBeUndefined();
  });
});

describe("asking the engine", () => {
  it("answers while the engine accepts connections, and not once it has gone", async () => {
    const engine = await fakeEngine();
    expect(await engineAnswers(engine.address)).toBe(true);
    await engine.close();
    expect(await engineAnswers(engine.address)).toBe(false);
  });
});

describe("the watchdog", () => {
  it("ends the process once the engine's address refuses connections, as Pulumi's Go providers do, and not before", async () => {
    const engine = await fakeEngine();
    // A process kept alive as the provider server would keep it, watching at the shipped period.
    const script = `require(${JSON.stringify(dist("engine/engine-gone.js"))}).watchEngine(${JSON.stringify(engine.address)}); setInterval(() => {}, 1000);`;
    const child = start(["-e", script], ["ignore", "ignore", "ignore"]);
    expect(await stillRunningAfter(child, 1500)).toBe(true);
    await engine.close();
    expect(await exitOf(child)).toBe(0);
  });

  it("is started by the dynamic door when Pulumi's dynamic provider host loads it, on the engine the host was given", async () => {
    const engine = await fakeEngine();
    // The real host, as `pulumi-resource-pulumi-nodejs <engine address>` starts it; it loads the
    // provider from the `__provider` of the first resource it is asked about.
    const host = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    const child = start([host, engine.address], ["ignore", "pipe", "ignore"]);
    const port = await new Promise<string>((resolve) => child.stdout!.once("data", (d) => resolve(String(d).trim())));
    await checkThroughHost(port, `exports.handler = () => require(${JSON.stringify(dist("dynamic/runtime.js"))});`);
    expect(await stillRunningAfter(child, 1500)).toBe(true);
    await engine.close();
    expect(await exitOf(child)).toBe(0);
  });
});

describe("a POST", () => {
  /**
   * A provider process serving `engine`, whose watchdog never fires during the test, so that only the
   * check before a POST can stop one; it runs `work` with a client of the emulator once told to (a line on stdin).
   */
  function provider(engine: string, work: string): ChildProcess {
    const script = `
      require(${JSON.stringify(dist("engine/engine-gone.js"))}).watchEngine(${JSON.stringify(engine)}, 3_600_000);
      const { RealtimeKitClient } = require(${JSON.stringify(dist("http/client.js"))});
      const { createOnce } = require(${JSON.stringify(dist("create/create-once.js"))});
      const client = new RealtimeKitClient({ baseUrl: ${JSON.stringify(emulator.baseUrl)}, apiToken: ${JSON.stringify(TOKEN)}, timeoutMs: 2000 });
      const scope = { accountId: ${JSON.stringify(ACCOUNT_ID)}, appId: ${JSON.stringify(APP_ID)} };
      process.stdin.once("data", () => (async () => { ${work} })().then(() => console.log("done"), (e) => console.log("failed: " + e.message)));`;
    return start(["-e", script], ["pipe", "pipe", "ignore"]);
  }

  it("is sent while the engine answers", async () => {
    const engine = await fakeEngine();
    const child = provider(engine.address, `await client.createLivestream(scope, "engine-here");`);
    child.stdin!.write("go\n");
    await printed(child, "done");
    expect(await emulator.calls()).toEqual([POST]);
    await engine.close();
  });

  it("is not sent once the engine has gone: the process ends instead", async () => {
    const engine = await fakeEngine();
    const child = provider(engine.address, `await client.createLivestream(scope, "engine-gone");`);
    await engine.close();
    child.stdin!.write("go\n");
    expect(await exitOf(child)).toBe(0);
    expect(await emulator.calls()).toEqual([]);
  });

  it("sent again by createOnce after a 503 is not sent once the engine has gone during the settle wait", async () => {
    await emulator.faults({ operation: "create_livestream", kind: "status", status: 503 });
    const engine = await fakeEngine();
    const log = `(m) => console.log(m)`;
    const child = provider(engine.address, `await createOnce(client, scope, "settling", { settleMs: 1500, log: ${log} });`);
    child.stdin!.write("go\n");
    await printed(child, "checking whether it was created");
    await engine.close();
    expect(await exitOf(child)).toBe(0);
    // The first POST, then only the lists of the settle wait.
    expect((await emulator.calls()).filter((c) => c === POST)).toHaveLength(1);
    expect(await emulator.livestreams()).toEqual([]);
  });
});

/** One Check call to a dynamic provider host on `port`, for a resource whose `__provider` is `serialized`. */
async function checkThroughHost(port: string, serialized: string): Promise<void> {
  const grpc = require("@grpc/grpc-js");
  const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
  const provproto = require("@pulumi/pulumi/proto/provider_pb");
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const request = new provproto.CheckRequest();
  request.setUrn("urn:pulumi:test::test::pulumi-nodejs:dynamic:Resource::probe");
  request.setOlds(Struct.fromJavaScript({}));
  request.setNews(Struct.fromJavaScript({ __provider: serialized }));
  // The answer does not matter (no config was sent): the host has loaded the provider by then.
  await new Promise((resolve) => client.check(request, resolve));
  client.close();
}
