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
