/**
 * Many stacks of the fleet project (bench/fleet) in one shared backend, updated at once by separate
 * `pulumi up` processes, as a team's CI runners would; and the comparison of their states with
 * Cloudflare (the emulator). Used by `npm run scale` and tests/e2e/teams-fleet.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_EMULATOR_TOKEN, DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID } from "../emulator";
import { pulumiBinDir, root } from "../scripts/pulumi-env";
import { PulumiStack, RunResult } from "../scripts/pulumi-stack";


export interface FleetOptions {
  /** Stacks are `<name>-<i>`, their livestreams `<name><i>-<j>` (unique in the app); default `fleet`. */
  name?: string;
  stacks: number;
  perStack: number;
  /** The variables of the shared backend (e.g. a PostgresCluster's `env`); default a file backend per stack. */
  backendEnv?: Record<string, string>;
  /** The emulator's API base URL. */
  baseUrl: string;
}

/** The stacks of the fleet project, each declaring `perStack` livestreams. */
export async function createFleet(options: FleetOptions): Promise<PulumiStack[]> {
  const name = options.name ?? "fleet";
  const stacks: PulumiStack[] = [];
  try {
    for (let i = 0; i < options.stacks; i++) {
      stacks.push(await PulumiStack.create("bench/fleet", { stack: `${name}-${i}`, env: options.backendEnv }));
      await stacks[i].setAll({ plaintext: {
        count: String(options.perStack), prefix: `${name}${i}`, "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID,
        "realtimekit:baseUrl": options.baseUrl, "realtimekit:timeoutSeconds": "30",
      }, secret: { "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN } });
    }
    return stacks;
  } catch (error) {
    stacks.forEach((s) => s.dispose()); // the caller never sees them
    throw error;
  }
}

/**
 * Declares `count` livestreams `<prefix>-<i>` in a stack of bench/yaml-fleet (Pulumi YAML has no
 * loops), whose plugin is the installed package's, in the project's `node_modules` as after `npm install`.
 */
export function declareYamlFleet(stack: PulumiStack, count: number, prefix: string): void {
  if (!fs.existsSync(path.join(pulumiBinDir(), "pulumi-language-yaml"))) throw new Error("The Pulumi YAML language host is missing: run 'npm run pulumi-cli'");
  fs.symlinkSync(path.join(root, "node_modules"), path.join(stack.projectDir, "node_modules"));
  const resources = Array.from({ length: count }, (_, i) => `  ${prefix}-${i}:\n    type: realtimekit:IndependentLivestream\n    properties:\n      name: ${prefix}-${i}\n`);
  fs.appendFileSync(path.join(stack.projectDir, "Pulumi.yaml"), resources.join(""));
}

/** `pulumi up` of every stack at once, each its own process; the wall time of the slowest, in seconds. */
export async function upAll(stacks: PulumiStack[]): Promise<{ results: RunResult[]; seconds: number }> {
  const start = performance.now();
  const results = await Promise.all(stacks.map((s) => s.run(["up", "--yes", "--skip-preview"], { allowFailure: true })));
  return { results, seconds: (performance.now() - start) / 1000 };
}

export interface FleetComparison {
  inState: number;
  inCloudflare: number;
  /** Livestreams of a name that Cloudflare holds more than once. */
  duplicates: number;
  /** In Cloudflare, in no stack's state. */
  orphans: number;
  /** In a stack's state, not in Cloudflare. */
  lost: number;
}

/** Every stack's livestreams in state against Cloudflare's records. */
export async function compareFleet(stacks: PulumiStack[], records: { id: string; name: string | null }[]): Promise<FleetComparison> {
  const stateIds = (await Promise.all(stacks.map((s) => s.resources()))).flat().map((r) => r.id);
  const inState = new Set(stateIds);
  const cloud = new Set(records.map((r) => r.id));
  const names = records.map((r) => r.name);
  return {
    inState: stateIds.length,
    inCloudflare: records.length,
    duplicates: names.length - new Set(names).size,
    orphans: [...cloud].filter((id) => !inState.has(id)).length,
    lost: [...inState].filter((id) => !cloud.has(id!)).length,
  };
}
