/** Set-up for end-to-end runs through the plugin door: a Pulumi YAML project beside the installed package. */
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiBinDir, root } from "../../scripts/pulumi-env";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { configure } from "./e2e";
import { EmulatorControl } from "./emulator";

/** Fails, saying how to build it, when the YAML language host is missing: these tests never skip. */
export function requireYamlHost(): void {
  const host = path.join(pulumiBinDir(), "pulumi-language-yaml");
  if (!fs.existsSync(host)) {
    throw new Error(`The Pulumi YAML language host is missing (${host}): run 'bash scripts/build-pulumi-cli.sh' (npm test does)`);
  }
}

/**
 * A stack of a YAML example, configured for the emulator. The example points at the plugin in
 * `./node_modules`, as a user's project does after `npm install pulumi-realtimekit`; the copy gets
 * the repository's node_modules there (`npm run build` installs the packed package into it).
 */
export async function yamlStackFor(example: string, emulator: EmulatorControl, stack = "test"): Promise<PulumiStack> {
  requireYamlHost();
  const s = await PulumiStack.create(example, { stack });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(s.projectDir, "node_modules"));
  await configure(s, emulator);
  return s;
}
