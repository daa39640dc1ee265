/**
 * The standalone emulator, run as `node dist/emulator/cli.js`. It runs from the build output (`npm test` builds first),
 * so these tests exercise what `npm run emulator` starts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PREFIX, request } from "./helpers/emulator";

const CLI = resolve(__dirname, "../../dist/emulator/cli.js");
const READY = /^RealtimeKit emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(base URL (http:\/\/127\.0\.0\.1:\d+\/client\/v4)\)\n$/;

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const { REALTIMEKIT_EMULATOR_TOKEN: _token, REALTIMEKIT_EMULATOR_CONTROL_TOKEN: _controlToken, ...inherited } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...inherited, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Waits for the ready line and returns the URLs it names. */
async function ready(cli: Run): Promise<{ url: string; baseUrl: string }> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const match = READY.exec(cli.stdout());
    if (match) return { url: match[1], baseUrl: match[2] };
    if (cli.child.exitCode !== null) break;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  throw new Error(`no ready line; stdout: ${cli.stdout()} stderr: ${cli.stderr()}`);
}

describe("the emulator CLI", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "rtk-emulator-cli-"));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it.each([["SIGTERM"], ["SIGINT"]] as const)("prints one ready line, serves, and exits 0 on %s", async (signal) => {
    const cli = run(["--port", "0"]);
    const { url, baseUrl } = await ready(cli);
    expect(baseUrl).toBe(`${url}/client/v4`);
    expect((await request("GET", `${url}/__emulator/health`, {})).body).toEqual({ ok: true });
    cli.child.kill(signal);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toMatch(READY);
    expect(cli.stderr()).toBe("");
  });

  it("keeps state in the --state file and accepts the token from REALTIMEKIT_EMULATOR_TOKEN", async () => {
    const state = join(directory, "work", "emulator.json");
    const cli = run(["--port", "0", "--state", state], { REALTIMEKIT_EMULATOR_TOKEN: "from-env" });
    const { baseUrl } = await ready(cli);
    const created = await request("POST", `${baseUrl}${PREFIX}/livestreams`, {
      headers: { authorization: "Bearer from-env" },
      body: '{"name":"persisted"}',
    });
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    expect(created.status).toBe(201);
    expect(JSON.parse(readFileSync(state, "utf8")).livestreams).toEqual([expect.objectContaining({ id: created.body.data.id })]);
  });

  it("stops when its --state file is removed, as with the folder that holds it: its livestreams went with it", async () => {
    const state = join(directory, "work", "emulator.json");
    const cli = run(["--port", "0", "--state", state]);
    try {
      const { url } = await ready(cli);
      rmSync(join(directory, "work"), { recursive: true });
      expect(await cli.exit).toBe(0);
      expect(cli.stderr()).toBe(`realtimekit emulator: its state file ${state} was removed: stopping\n`);
      await expect(fetch(`${url}/__emulator/health`)).rejects.toThrow("fetch failed");
    } finally {
      cli.child.kill("SIGTERM"); // when it failed to stop by itself
    }
  });

  it("prefers --token to the environment, and applies --fault flags", async () => {
    const fault = JSON.stringify({ operation: "fetch_all_livestreams", kind: "status", status: 503, count: 1 });
    const cli = run(["--port", "0", "--token", "from-flag", "--fault", fault], { REALTIMEKIT_EMULATOR_TOKEN: "from-env" });
    const { baseUrl } = await ready(cli);
    const list = (token: string) => request("GET", `${baseUrl}${PREFIX}/livestreams`, { headers: { authorization: `Bearer ${token}` } });
    expect((await list("from-env")).status).toBe(403);
    expect((await list("from-flag")).status).toBe(503);
    expect((await list("from-flag")).status).toBe(200);
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
  });

  it("takes the runtime settings as flags", async () => {
    const cli = run(["--port", "0", "--list-names", "null", "--clock-offset-ms=-5000", "--max-per-page", "3", "--latency-ms", "0", "--no-date-header", "--total-count-short-by", "2"]);
    const { url } = await ready(cli);
    const settings = await request("GET", `${url}/__emulator/settings`, {});
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    expect(settings.body).toEqual({ listNames: "null", clockOffsetMs: -5000, latencyMs: 0, maxPerPage: 3, dateHeader: false, totalCountShortBy: 2 });
  });

  it("guards the control plane with --control-token, which wins over REALTIMEKIT_EMULATOR_CONTROL_TOKEN", async () => {
    const cli = run(["--port", "0", "--control-token", "from-flag"], { REALTIMEKIT_EMULATOR_CONTROL_TOKEN: "from-env" });
    const { url } = await ready(cli);
    const health = (token: string) => request("GET", `${url}/__emulator/health`, { headers: { authorization: `Bearer ${token}` } });
    const statuses = [(await health("from-flag")).status, (await health("from-env")).status];
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    expect(statuses).toEqual([200, 401]);
  });

  it("takes the control token from REALTIMEKIT_EMULATOR_CONTROL_TOKEN", async () => {
    const cli = run(["--port", "0"], { REALTIMEKIT_EMULATOR_CONTROL_TOKEN: "from-env" });
    const { url } = await ready(cli);
    const status = (await request("GET", `${url}/__emulator/health`, {})).status;
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    expect(status).toBe(401);
  });

  it("exits 1, saying why, when asked to listen beyond loopback without a control token", async () => {
    const cli = run(["--port", "0", "--host", "0.0.0.0"]);
    expect(await cli.exit).toBe(1);
    expect(cli.stdout()).toBe("");
    expect(cli.stderr()).toContain("realtimekit emulator: The emulator would listen on 0.0.0.0, which other machines can reach");
  });

  it.each([
    [["--prot", "1"], "Unknown option '--prot'"],
    [["--list-names", "hidden"], '--list-names must be one of echo, null, absent, got "hidden".'],
    [["--clock-offset-ms=1.5"], '--clock-offset-ms must be a whole number, got "1.5".'],
    [["--max-per-page", "0"], 'Setting "maxPerPage" must be a positive whole number, or null for no cap, got 0.'],
    [["--control-token="], "--control-token must not be empty."],
    [["--port", "eighty"], '--port must be a whole number, got "eighty".'],
    [["--port", "70000"], "--port must be at most 65535."],
    [["--latency-ms=-5"], '--latency-ms must be a whole number, got "-5".'],
    [["--token="], "--token must not be empty."],
    [["--fault", "{"], "--fault must be a fault as JSON, got {"],
    [["--fault", '{"operation":"*","kind":"boom"}'], '--fault: Invalid fault: "kind" must be one of'],
    [["extra"], "Unexpected argument 'extra'"],
  ])("exits 2 with the usage for %j", async (args, message) => {
    const cli = run(args);
    expect(await cli.exit).toBe(2);
    expect(cli.stdout()).toBe("");
    expect(cli.stderr()).toContain(message);
    expect(cli.stderr()).toContain("Usage: npm run emulator -- [options]");
  });

  it("exits 1 with the reason when the emulator cannot start", async () => {
    const state = join(directory, "state.json");
    writeFileSync(state, "not json");
    const cli = run(["--port", "0", "--state", state]);
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toMatch(/^realtimekit emulator: Emulator state file .* is not valid JSON/);
  });

  it("exits 1 naming the taken port and the way out when another server listens there", async () => {
    const first = run(["--port", "0"]);
    const { url } = await ready(first);
    const port = new URL(url).port;
    try {
      const second = run(["--port", port]);
      expect(await second.exit).toBe(1);
      expect(second.stderr()).toBe(`realtimekit emulator: port ${port} on 127.0.0.1 is taken by another process: choose another with --port, or --port 0 for a free one\n`);
    } finally {
      first.child.kill("SIGTERM");
    }
    expect(await first.exit).toBe(0);
  });

  it("prints the usage and exits 0 for --help", async () => {
    const cli = run(["--help"]);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toContain("--state <file>");
  });
});
