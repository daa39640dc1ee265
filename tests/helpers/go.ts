/** Set-up for end-to-end runs of Go programs through the plugin door: the Go SDK in sdk/go, the plugin in node_modules. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { GO_IMPORT_BASE_PATH } from "../../provider/plugin/schema";
import { pulumiBinDir, root } from "../../scripts/pulumi-env";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { configure } from "./e2e";
import { EmulatorControl } from "./emulator";

/** The Go SDK's module, which the examples' go.mod replaces with the checked-in sdk/go. */
const SDK_MODULE = path.dirname(GO_IMPORT_BASE_PATH);

/** Fails, saying how to get it, when the Go language host or Go itself is missing: these tests never skip. */
export function requireGoHost(): void {
  const host = path.join(pulumiBinDir(), "pulumi-language-go");
  if (!fs.existsSync(host)) {
    throw new Error(`The Pulumi Go language host is missing (${host}): run 'bash scripts/build-pulumi-cli.sh' (npm test does)`);
  }
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    throw new Error("Go is not on PATH: the Go language host builds each program with it");
  }
}

/**
 * A stack of a Go example, configured for the emulator. The copy gets the repository's node_modules
 * (the plugin, as after `npm install pulumi-realtimekit`) and its go.mod's replace pointed at this
 * repository's sdk/go, since the example's relative path does not hold from the copy.
 */
export async function goStackFor(example: string, emulator: EmulatorControl, stack = "test"): Promise<PulumiStack> {
  requireGoHost();
  const s = await PulumiStack.create(example, { stack });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(s.projectDir, "node_modules"));
  execFileSync("go", ["mod", "edit", `-replace=${SDK_MODULE}=${path.join(root, "sdk", "go")}`], { cwd: s.projectDir });
  await configure(s, emulator);
  return s;
}
