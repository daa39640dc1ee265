/** Set-up for end-to-end runs of Go programs through the plugin door: the Go SDK in sdk/go, the plugin in node_modules. */
import { prepareGoProject } from "../../scripts/go-program";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { configure } from "./e2e";
import { EmulatorControl } from "./emulator";

/** A stack of a Go example, configured for the emulator, run from its copy against this repository's plugin and SDK. */
export async function goStackFor(example: string, emulator: EmulatorControl, stack = "test", env?: Record<string, string>): Promise<PulumiStack> {
  const s = await PulumiStack.create(example, { stack, env });
  prepareGoProject(s.projectDir);
  await configure(s, emulator);
  return s;
}
