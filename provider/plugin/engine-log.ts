/**
 * The plugin's lines for the user. The engine hides a plugin's stdout, so they go through its log
 * service instead; a call waits for them with `flushed()` before it answers, since the engine may
 * stop the plugin right after the last answer and a line still in flight would be lost.
 */
// The SDK's log module, not its index, which would load TypeScript too: a third of a CPU-second at each plugin start.
import { info } from "@pulumi/pulumi/log";

const pending = new Set<Promise<void>>();

export function log(message: string): void {
  const sent = info(`realtimekit: ${message}`);
  pending.add(sent);
  void sent.finally(() => pending.delete(sent));
}

export async function flushed<T>(result: Promise<T>): Promise<T> {
  try {
    return await result;
  } finally {
    await Promise.allSettled([...pending]);
  }
}
