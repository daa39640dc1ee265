/** How a provider process notices that the engine it served has gone, and ends rather than linger. */
import * as net from "node:net";

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
 * A plugin whose engine went away without stopping it (a killed CLI, a failed run) would otherwise wait
 * for calls forever. Pulumi's Go providers end themselves by checking the engine's address
 * (`rpcutil.Healthcheck`); the Node provider server does not, so this does: once the engine refuses
 * connections, it is gone.
 */
export function exitWhenEngineStopsAnswering(address: string, everyMs = 5000): void {
  const at = address.lastIndexOf(":");
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, "$1");
  const port = Number(address.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) return;
  const timer = setInterval(() => {
    const probe = net.connect({ host, port });
    probe.once("connect", () => probe.destroy());
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") process.exit(0);
    });
  }, everyMs);
  timer.unref();
}
