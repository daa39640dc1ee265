/** A crash of `pulumi up` as the end-to-end files make one: SIGKILL while Cloudflare holds the creates. */
import type { FaultReport } from "../../emulator";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { EmulatorControl, EmulatorLivestream } from "./emulator";

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
