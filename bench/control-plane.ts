/** The emulator's control plane over HTTP, as the benchmarks and reliability runs use it. */
import type { RunningEmulator } from "../emulator";

export type ControlPlane = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

export function controlPlane(emulator: RunningEmulator): ControlPlane {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${emulator.url}/__emulator${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as T;
  };
}
