/** Set-up for end-to-end runs through the plugin door: a Pulumi YAML project beside the installed package. */
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiBinDir, root } from "../../scripts/pulumi-env";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { configure } from "./e2e";
import { ACCOUNT_ID, APP_ID, EmulatorControl } from "./emulator";

/** Fails, saying how to build it, when the YAML language host is missing: these tests never skip. */
export function requireYamlHost(version?: string): void {
  const host = path.join(pulumiBinDir(version), "pulumi-language-yaml");
  if (!fs.existsSync(host)) {
    throw new Error(`The Pulumi YAML language host is missing (${host}): run '${version ? `PULUMI_VERSION=${version} ` : ""}bash scripts/build-pulumi-cli.sh' (npm test does)`);
  }
}

/**
 * A stack of a YAML example, configured for the emulator. The example points at the plugin in
 * `./node_modules`, as a user's project does after `npm install pulumi-realtimekit`; the copy gets
 * the repository's node_modules there (`npm run build` installs the packed package into it).
 */
export async function yamlStackFor(example: string, emulator: EmulatorControl, stack = "test", env?: Record<string, string>): Promise<PulumiStack> {
  const s = await unconfiguredYamlStack(example, { stack, env });
  await configure(s, emulator);
  return s;
}

/** A stack of a YAML example with no `realtimekit:*` config, for settings given by environment (`env`). */
export async function unconfiguredYamlStack(example: string, options: { stack?: string; env?: Record<string, string> } = {}): Promise<PulumiStack> {
  requireYamlHost();
  const s = await PulumiStack.create(example, options);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(s.projectDir, "node_modules"));
  return s;
}

/** The opening of a Pulumi YAML project `name` that runs the plugin installed in `./node_modules`, as a user's does. */
export const yamlProjectHeader = (name: string) => `name: ${name}
runtime: yaml
plugins:
  providers:
    - name: realtimekit
      path: ./node_modules/pulumi-realtimekit/bin
`;

/**
 * A stack of a Pulumi YAML project written by the test (`program`: the whole Pulumi.yaml), in a new folder
 * `.work/e2e/<prefix>-*` beside the repository's node_modules; `env` for its commands.
 */
export async function yamlProjectStack(prefix: string, program: string, env?: Record<string, string>): Promise<PulumiStack> {
  requireYamlHost();
  fs.mkdirSync(path.join(root, ".work", "e2e"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, ".work", "e2e", `${prefix}-`));
  const project = path.join(dir, "project");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), program);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(project, "node_modules"));
  return PulumiStack.create(project, { dir, inPlace: true, env });
}

const explicitProviderProject = `${yamlProjectHeader("realtimekit-explicit")}config:
  studioBaseUrl:
    type: string
  studioToken:
    type: string
    secret: true
resources:
  studio:
    type: pulumi:providers:realtimekit
    properties:
      apiToken: \${studioToken}
      accountId: ${ACCOUNT_ID}
      appId: ${APP_ID}
      baseUrl: \${studioBaseUrl}
      timeoutSeconds: 5
  show:
    type: realtimekit:IndependentLivestream
    properties:
      name: studio-show
    options:
      provider: \${studio}
outputs:
  streamKey: \${show.streamKey}
`;

/**
 * A YAML project whose one livestream, `studio-show`, goes through an explicit provider configured from
 * the project's own config (`studioToken`, a secret the caller sets, and `studioBaseUrl`): no
 * `realtimekit:*` stack config at all.
 */
export async function explicitProviderStack(emulator: EmulatorControl, env?: Record<string, string>): Promise<PulumiStack> {
  const stack = await yamlProjectStack("yaml-explicit", explicitProviderProject, env);
  await stack.setConfig({ studioBaseUrl: emulator.baseUrl });
  return stack;
}
