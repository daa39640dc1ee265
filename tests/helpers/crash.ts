/** A crash of `pulumi up` as the end-to-end files make one: SIGKILL while Cloudflare holds the creates; and the recovery of the plugin door's quickstarts. */
import { recoverCommand } from "../../bench/crash-recovery";
import type { FaultReport } from "../../emulator";
import { PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { expectNoPlainSecrets } from "./e2e";
import { EmulatorControl, EmulatorLivestream, TOKEN } from "./emulator";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `pulumi up` of `stack` killed once Cloudflare holds `count` creates, which it commits after the
 * kill (a `delay` fault); then `pulumi cancel`. Answers the livestreams those creates made.
 */
export async function killWhileCreating(stack: PulumiStack, emulator: EmulatorControl, count: number): Promise<EmulatorLivestream[]> {
  const before = new Set((await emulator.livestreams()).map((l) => l.id));
  await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 3000, count });
  const up = stack.start(["up", "--yes", "--skip-preview"]);
  while ((await emulator.call<FaultReport>("GET", "/faults")).fired.delay < count) await sleep(50);
  up.kill();
  await up.result;
  while ((await emulator.livestreams()).length < before.size + count) await sleep(100);
  await stack.run(["cancel", "--yes"]);
  return (await emulator.livestreams()).filter((l) => !before.has(l.id));
}

/**
 * The crash block of the YAML and Go quickstarts (the plugin door), on a fresh stack: both creates interrupted,
 * realtimekit-recover writes both livestreams Cloudflare made to state, and the next up creates nothing; the main
 * stage's key (the livestream not named `backstage`) is the stack's output, and no secret is in plain text.
 */
export async function expectTwoCreatesRecovered(stack: PulumiStack, emulator: EmulatorControl): Promise<void> {
  await killWhileCreating(stack, emulator, 2);
  expect(JSON.parse(await stack.exportState()).deployment.pending_operations).toHaveLength(2);

  expect((await stack.run([], { command: recoverCommand() })).stdout).toContain("done: 2 written to state, 0 cleared");
  const { stdout } = await stack.up();
  expect(stdout).not.toContain("pending operations");
  expect(stdout).not.toMatch(/\+ \d+ created/);
  const made = await emulator.livestreams();
  expect((await stack.resources(PLUGIN_TYPE_TOKEN)).map((r) => r.id).sort()).toEqual(made.map((l) => l.id).sort());
  expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(2);
  expect((await stack.outputs(true)).streamKey).toBe(made.find((l) => l.name !== "backstage")!.stream_key);
  await expectNoPlainSecrets(stack, [TOKEN, ...made.map((l) => l.stream_key)]);
}
