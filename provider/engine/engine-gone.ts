/**
 * How a provider process notices that the engine it served has gone, and ends rather than linger or
 * act. A create the engine no longer waits for is recorded in no state: its livestream would be an
 * orphan, or a duplicate once the next update creates the name again.
 */
import * as net from "node:net";

/** How often the watchdog asks the engine: a provider ends within about this long of losing it. */
export const ENGINE_CHECK_MS = 250;
/** A connection to a live engine on this machine opens at once; one that does not within this is no answer. */
const PROBE_TIMEOUT_MS = 5000;

/** The engine this process serves, once its door has named it; none in a process no engine started (the recover command, tests). */
let engine: string | undefined;

/**
 * Once the engine has gone (a cancelled or finished update), writing a log line fails with EPIPE,
 * and Pulumi's provider host, whose crash handler writes to the same broken pipe, then loops on
 * that error forever at full CPU. Nobody is listening any more: end the process instead.
 */
export function exitWhenEngineIsGone(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount("error") > 0) continue;
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(1);
    });
  }
}

/**
 * The engine's address among a provider process's arguments: the last one, since Pulumi puts its own
 * flags (`--logtostderr`, `-v=9`, `--tracing <endpoint>`) before it. Undefined when it is not `host:port`.
 */
export function engineAddressOf(args: string[]): string | undefined {
  const last = args.at(-1);
  return last !== undefined && hostAndPort(last) ? last : undefined;
}

/**
 * Serves the engine at `address`: the process ends within `everyMs` of the engine no longer
 * answering, whatever ended it (a kill of the CLI leaves its plugins running in process groups of
 * their own, and only a log line would meet the closed pipe), and every POST asks first
 * (`exitUnlessEngineAnswers`). Pulumi's Go providers check their engine too (`rpcutil.Healthcheck`),
 * every 5 minutes; a create here may wait out a settle window and post again within seconds. The
 * parent process tells nothing: the dynamic provider's is its launcher script
 * (`pulumi-resource-pulumi-nodejs`, a shell that waits for it), which outlives the CLI.
 */
export function watchEngine(address: string, everyMs = ENGINE_CHECK_MS): void {
  engine = address;
  const timer = setInterval(() => {
    void engineAnswers(address).then((answers) => answers || process.exit(0));
  }, everyMs);
  timer.unref();
}

/**
 * Before anything the engine must record (a POST): ends the process, having sent nothing, unless the
 * engine it serves still answers.
 */
export async function exitUnlessEngineAnswers(): Promise<void> {
  if (engine !== undefined && !(await engineAnswers(engine))) process.exit(0);
}

/**
 * Whether the engine at `address` accepts a connection. The engine is a process on this machine:
 * once it has died, the kernel refuses at once.
 */
export function engineAnswers(address: string): Promise<boolean> {
  const target = hostAndPort(address);
  if (!target) return Promise.resolve(false);
  return new Promise((resolve) => {
    const probe = net.connect(target);
    const done = (answers: boolean) => {
      probe.destroy();
      resolve(answers);
    };
    probe.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    probe.once("connect", () => done(true));
    probe.once("error", () => done(false));
  });
}

/** `127.0.0.1:5000` or `[::1]:5000` as `net.connect` takes it. */
function hostAndPort(address: string): { host: string; port: number } | undefined {
  const at = address.lastIndexOf(":");
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, "$1");
  const port = Number(address.slice(at + 1));
  return at > 0 && host !== "" && Number.isInteger(port) && port > 0 && port < 65536 ? { host, port } : undefined;
}
