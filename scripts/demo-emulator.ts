/**
 * The demo's emulator: this checkout's, and never another. Its livestreams are kept in a state file in the demo's
 * folder, beside the demo's Pulumi state, and the emulator says which file it keeps (`GET /__emulator/identity`): the
 * demo uses, and stops, only the emulator keeping its own file. That file's path names the checkout, so another
 * checkout's emulator is never taken for this one's. And an emulator stops when its state file is removed
 * (emulator/cli.ts), so removing `.work` (`git clean -fdX`) removes the Pulumi state and the emulator's livestreams
 * together: neither outlives the other. Nothing needs remembering a process id, which a removed `.work` would lose.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { freePort } from "./free-port";

/** What answers on a port of loopback. */
export type Occupant =
  | { kind: "nothing" }
  | { kind: "emulator"; pid: number; state: string | null }
  | { kind: "other"; answer: string };

/**
 * Asks what answers on `port`: nothing, a RealtimeKit emulator (and whose), or something else.
 * Each question on a connection of its own: the demo blocks on Pulumi's commands (spawnSync) between questions, so a
 * kept-alive connection would be reused after the server closed it, and its error taken for another server.
 */
export async function occupantOf(port: number): Promise<Occupant> {
  let answer: { status: number; body: string };
  try {
    answer = await identityOf(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ECONNREFUSED") return { kind: "nothing" };
    return { kind: "other", answer: code === "ABORT_ERR" ? "no HTTP answer within 5 s" : `no HTTP answer: ${code ?? (error as Error).message}` };
  }
  let identity: { pid?: unknown; state?: unknown } | undefined;
  try {
    identity = JSON.parse(answer.body) as typeof identity;
  } catch {
    identity = undefined;
  }
  if (answer.status === 200 && typeof identity?.pid === "number" && (typeof identity.state === "string" || identity.state === null)) {
    return { kind: "emulator", pid: identity.pid, state: identity.state };
  }
  return { kind: "other", answer: `GET /__emulator/identity answered ${answer.status}` };
}

/** `GET /__emulator/identity` on a new connection, closed after the answer; given up after 5 s. */
function identityOf(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(5000);
    const request = http.get({ host: "127.0.0.1", port, path: "/__emulator/identity", agent: false, signal }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** The occupant in words, for a port that is not this checkout's emulator. */
function whose(occupant: Exclude<Occupant, { kind: "nothing" }>): string {
  if (occupant.kind === "other") return `a server that is not a RealtimeKit emulator (${occupant.answer})`;
  if (occupant.state === null) return `an emulator that keeps no state file (process ${occupant.pid}), not this checkout's`;
  return `the emulator keeping its state in ${occupant.state}, not this checkout's`;
}

export class DemoEmulator {
  /** The emulator's livestreams: its identity. */
  readonly statePath: string;
  /** The port the emulator was started on: another checkout's emulator may have held the preferred one. */
  private readonly portFile: string;

  /**
   * @param dir the demo's folder (.work/demo), where the emulator keeps its state and log
   * @param preferredPort the port to use unless another server holds it
   * @param cli the emulator's command (dist/emulator/cli.js)
   */
  constructor(private readonly dir: string, private readonly preferredPort: number, private readonly cli: string) {
    this.statePath = path.join(dir, "emulator-state.json");
    this.portFile = path.join(dir, "emulator-port");
  }

  /** The port this checkout's emulator runs on, or would: where it was started last, else the preferred one. */
  private port(): number {
    return fs.existsSync(this.portFile) ? Number(fs.readFileSync(this.portFile, "utf8")) : this.preferredPort;
  }

  private ours(occupant: Occupant): occupant is Extract<Occupant, { kind: "emulator" }> {
    return occupant.kind === "emulator" && occupant.state === this.statePath;
  }

  /** This checkout's emulator, started when not running; its URL. Another server on the port moves it to a free one. */
  async ensure(): Promise<string> {
    const port = this.port();
    const occupant = await occupantOf(port);
    if (this.ours(occupant)) {
      // Its state file removed a moment ago: it is stopping by itself, so let it go and start afresh.
      if (!fs.existsSync(this.statePath)) return this.restart(occupant.pid, port);
      console.log(`emulator already running at ${url(port)}`);
      return url(port);
    }
    if (occupant.kind === "nothing") return this.start(port);
    const free = await freePort();
    console.log(`port ${port} is taken by ${whose(occupant)}: this checkout's emulator starts on port ${free} instead`);
    return this.start(free);
  }

  /** Stops this checkout's emulator if it runs; whether it did. Another server on the port is left alone. */
  async stop(): Promise<boolean> {
    const port = this.port();
    const occupant = await occupantOf(port);
    fs.rmSync(this.portFile, { force: true });
    if (!this.ours(occupant)) return false;
    await terminate(occupant.pid, port);
    console.log("emulator stopped");
    return true;
  }

  private async restart(pid: number, port: number): Promise<string> {
    await terminate(pid, port);
    return this.start(port);
  }

  private async start(port: number): Promise<string> {
    const log = path.join(this.dir, "emulator.log");
    const output = fs.openSync(log, "a");
    const child = spawn(process.execPath, [this.cli, "--port", String(port), "--state", this.statePath], { detached: true, stdio: ["ignore", output, output] });
    child.unref();
    fs.closeSync(output);
    for (let i = 0; i < 100 && !this.ours(await occupantOf(port)); i++) await sleep(100);
    if (!this.ours(await occupantOf(port))) throw new Error(`the emulator did not start; see ${log}`);
    fs.writeFileSync(this.portFile, String(port));
    console.log(`emulator started at ${url(port)} (state in ${path.relative(process.cwd(), this.statePath)})`);
    return url(port);
  }
}

const url = (port: number) => `http://127.0.0.1:${port}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ends an emulator's process and waits until its port is free. */
async function terminate(pid: number, port: number): Promise<void> {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // already gone
  }
  for (let i = 0; i < 100 && (await occupantOf(port)).kind !== "nothing"; i++) await sleep(100);
}
