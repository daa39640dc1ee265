/** The demo (`npm run demo`'s dist/scripts/demo.js) of a checkout, run as the end-to-end tests do, and what it leaves running. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Runs the demo of `checkout` (`up`, `down`, `output`...) with `env`, which gives it a stack (DEMO_STACK) and an
 * emulator port (DEMO_EMULATOR_PORT) of the test's own, so a developer's running demo is left alone.
 */
export const demoOf = (checkout: string, env: NodeJS.ProcessEnv) => (command: string, ...args: string[]) =>
  run(process.execPath, [path.join(checkout, "dist", "scripts", "demo.js"), command, ...args], { cwd: checkout, env }).catch((error: Error & { stdout?: string }) => {
    throw new Error(`${error.message}\n${error.stdout ?? ""}`); // what Pulumi printed says why
  });

/** Whether a server answers on `port` of loopback. */
export const answers = (port: number | string): Promise<boolean> => fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);

/** The ids of this machine's processes whose command line holds `text` (a demo's folder), as `pgrep -f` finds them. */
export function processesHolding(text: string): number[] {
  return fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text);
    } catch {
      return false; // ended while we looked
    }
  }).map(Number);
}
