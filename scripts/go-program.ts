/**
 * What a Go program of this repository (examples/go-quickstart, bench/go-fleet) needs before Pulumi
 * runs it from a stack's copy: the Go language host, Go itself, the plugin in node_modules (as after
 * `npm install pulumi-realtimekit`) and its go.mod's replace pointed at this repository's sdk/go,
 * since the relative path does not hold from the copy.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { GO_IMPORT_BASE_PATH } from "../provider/engine/tokens";
import { pulumiBinDir, root } from "./pulumi-env";

/** The Go SDK's module, which the programs' go.mod replaces with the checked-in sdk/go. */
const SDK_MODULE = path.dirname(GO_IMPORT_BASE_PATH);

/** Fails, saying how to get it, when the Go language host or Go itself is missing: nothing that needs them skips. */
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

/** Readies the copy of a Go program in `projectDir` to run against this repository's plugin and SDK. */
export function prepareGoProject(projectDir: string): void {
  requireGoHost();
  fs.symlinkSync(path.join(root, "node_modules"), path.join(projectDir, "node_modules"));
  execFileSync("go", ["mod", "edit", `-replace=${SDK_MODULE}=${path.join(root, "sdk", "go")}`], { cwd: projectDir });
}
