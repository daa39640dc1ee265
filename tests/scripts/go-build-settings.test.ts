/**
 * One way to compile Go (scripts/go-build.conf): the Go programs the tests run are built with the settings the Pulumi
 * CLI was built with, so that Go's build cache, which keys each compiled package by them, gives a program's first build
 * the packages the CLI's build compiled (Pulumi's Go SDK, Go's standard library) instead of compiling them again.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { goBuildSettings, pulumiEnv, requirePulumiCli } from "../../scripts/pulumi-env";

jest.setTimeout(120_000);

/** The settings a Go binary was built with, as `go version -m` prints them ("-trimpath=true", "CGO_ENABLED=0"). */
function buildSettings(binary: string): string[] {
  const printed = execFileSync("go", ["version", "-m", binary], { encoding: "utf8" });
  return [...printed.matchAll(/^\tbuild\t(.*)$/gm)].map((m) => m[1]);
}

it("builds the tests' Go programs with scripts/go-build.conf's settings, those of the Pulumi CLI's build here", () => {
  const cli = path.join(requirePulumiCli(), "pulumi");
  const builtHere = !fs.lstatSync(cli).isSymbolicLink(); // an installed CLI, linked into the cache, was built elsewhere
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "go-program-"));
  fs.writeFileSync(path.join(dir, "go.mod"), "module settings\n\ngo 1.25\n");
  fs.writeFileSync(path.join(dir, "main.go"), "package main\n\nfunc main() {}\n");
  const env = pulumiEnv(dir);
  execFileSync("go", ["build", "-o", "program", "."], { cwd: dir, env });
  const settings = buildSettings(path.join(dir, "program"));
  expect(goBuildSettings).toEqual(expect.arrayContaining(["CGO_ENABLED=0", "-trimpath=true"]));
  // Each a setting go version -m records: build-pulumi-cli.sh tells a cached binary built otherwise by them.
  expect(settings).toEqual(expect.arrayContaining(goBuildSettings));
  if (builtHere) expect(buildSettings(cli)).toEqual(expect.arrayContaining(goBuildSettings));
});
