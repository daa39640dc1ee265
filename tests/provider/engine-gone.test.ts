/** The provider process ends, rather than spinning or waiting forever, when the engine has gone. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

// The compiled provider, as the provider host loads it (npm test builds first).
const runtime = path.resolve(__dirname, "../../dist/provider/dynamic/runtime.js");

it("exits when a log line meets a closed pipe, instead of looping on EPIPE", async () => {
  // Mimic Pulumi's provider host: a crash handler that writes to stderr, then configure and a log line.
  const script = `
    process.on("uncaughtException", (e) => console.error(e.stack));
    const provider = require(${JSON.stringify(runtime)});
    provider.configure({ config: { get: () => undefined, require: () => "" } }).then(() => {
      setTimeout(() => { for (let i = 0; i < 100; i++) console.log("log line " + i); }, 200);
      setTimeout(() => process.exit(0), 5000);
    });`;
  if (!fs.existsSync(runtime)) throw new Error(`${runtime} is missing: run 'npm run build' (npm test does)`);
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.destroy();
  child.stderr.destroy();
  // Exit code 1 is the guard; a process caught in the EPIPE loop would reach the timer's exit(0).
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code).toBe(1);
});

it("exits once the engine's address refuses connections, as Pulumi's Go providers do, and not before", async () => {
  const engineGone = path.resolve(__dirname, "../../dist/provider/engine-gone.js");
  if (!fs.existsSync(engineGone)) throw new Error(`${engineGone} is missing: run 'npm run build' (npm test does)`);
  const engine = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
  const { port } = engine.address() as net.AddressInfo;
  // A process kept alive as the provider server would keep it, checking every 100 ms.
  const script = `require(${JSON.stringify(engineGone)}).exitWhenEngineStopsAnswering("127.0.0.1:${port}", 100); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    const early = await Promise.race([exited.then(() => "exited"), new Promise((resolve) => setTimeout(() => resolve("running"), 600))]);
    expect(early).toBe("running");
    await new Promise((resolve) => engine.close(resolve));
    expect(await exited).toBe(0);
  } finally {
    child.kill("SIGKILL");
  }
});
