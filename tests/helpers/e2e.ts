/** Set-up shared by the end-to-end files: a stack of an example wired to this file's emulator. */
import * as fs from "node:fs";
import * as path from "node:path";
import { ACCOUNT_ID, APP_ID, EmulatorControl, TOKEN } from "./emulator";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { defaultName } from "../../provider/names/default-name";

/** The livestream name the quickstart's one resource gets by default in stack `test`. */
export const QUICKSTART_NAME = defaultName("realtimekit-quickstart", "test", "livestream");

/**
 * The budget for one livestream's whole entry in state (inputs, outputs, two copies of the provider,
 * the encrypted key, Pulumi's own metadata): 4 KiB leaves room over the 2.7 KiB measured, and
 * would catch the provider's code being copied into state by value (tens of KiB).
 */
export const STATE_ENTRY_BUDGET = 4096;
/** The budget for one copy of the serialized provider text (state holds two per resource: inputs and outputs). */
export const PROVIDER_BUDGET = 512;

/** A stack of `examples/<example>` configured, as a user would, to use the emulator; `env` for its commands (see ownCase). */
export async function stackFor(example: string, emulator: EmulatorControl, stack = "test", env?: Record<string, string>): Promise<PulumiStack> {
  const s = await PulumiStack.create(example, { stack, env });
  await configure(s, emulator);
  return s;
}

export async function configure(s: PulumiStack, emulator: EmulatorControl): Promise<void> {
  await s.setAll({
    plaintext: {
      "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID, "realtimekit:baseUrl": emulator.baseUrl, "realtimekit:timeoutSeconds": "5",
      // The shortest settle window allowed keeps fault scenarios quick; its default is tested elsewhere.
      "realtimekit:createSettleSeconds": "2",
    },
    secret: { "realtimekit:apiToken": TOKEN },
  });
}

/** Asserts that no secret appears in plain text anywhere: state, CLI output. */
export async function expectNoPlainSecrets(s: PulumiStack, secrets: string[]): Promise<void> {
  const state = await s.exportState();
  for (const secret of secrets) {
    expect(state).not.toContain(secret);
    expect(s.printed()).not.toContain(secret);
  }
}

/** Every file under `dir` (a stack's folder) whose text holds `needle`, or any of `needle` (each file read once). */
export function filesHolding(dir: string, needle: string | readonly string[]): string[] {
  const needles = typeof needle === "string" ? [needle] : needle;
  return filesUnder(dir).filter((file) => {
    const text = fs.readFileSync(file, "latin1");
    return needles.some((n) => text.includes(n));
  }).map((file) => path.relative(dir, file));
}

/**
 * The files under `dir`, never through a symbolic link: a project's `node_modules` links to the repository's, which
 * `readdirSync`'s `recursive` walks on the Node that runs the tests (22), thousands of files outside the stack.
 */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : entry.isFile() ? [file] : [];
  });
}

/** expectNoPlainSecrets, and no file of the stack's backend holding one either. */
export async function expectNoSecretsAnywhere(s: PulumiStack, secrets: string[]): Promise<void> {
  await expectNoPlainSecrets(s, secrets);
  for (const secret of secrets) expect(filesHolding(path.join(s.dir, "state"), secret)).toEqual([]);
}

/**
 * The destroy step of a quickstart's lifecycle: `count` livestreams of `type` (unprotected first: `pulumi import`
 * protects what it imports) leave the state with a warning each that it STILL EXISTS in Cloudflare, where all stay.
 */
export async function expectDestroyForgets(s: PulumiStack, emulator: EmulatorControl, type: string, count: number): Promise<void> {
  const ids = (await s.resources(type)).map((r) => r.id!);
  expect(ids).toHaveLength(count);
  await s.run(["state", "unprotect", "--all", "--yes"]);
  const { stdout } = await s.destroy();
  for (const id of ids) expect(stdout).toMatch(new RegExp(`realtimekit: livestream ${id} \\('[\\w-]+'\\) was removed from the stack but STILL EXISTS in Cloudflare`));
  expect(await s.resources(type)).toEqual([]);
  expect(await emulator.livestreams()).toHaveLength(count);
}
