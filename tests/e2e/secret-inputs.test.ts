/**
 * A livestream name given as a secret stays a secret through both doors under the real engine: it is
 * never in plain text in `pulumi stack export`, in any file of the backend (the stack, its `.bak`,
 * history and backups), or in what the CLI printed, through up, a no-op up, refresh and import.
 */
import * as path from "node:path";
import { useEmulator } from "../helpers/emulator";
import { filesHolding, stackFor } from "../helpers/e2e";
import { yamlStackFor } from "../helpers/plugin";
import { DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(300_000);
const emulator = useEmulator();
const SECRET_NAME = "hidden-name-7f3a91";

describe.each([
  ["the dynamic door (TypeScript)", "tests/programs/secret-name", "livestreamName", DYNAMIC_TYPE_TOKEN],
  ["the plugin door (Pulumi YAML)", "examples/yaml-quickstart", "backstageName", PLUGIN_TYPE_TOKEN],
] as const)("a secret name through %s", (_door, example, key, type) => {
  let stack: PulumiStack;

  beforeAll(async () => {
    stack = type === PLUGIN_TYPE_TOKEN ? await yamlStackFor(example, emulator) : await stackFor(example, emulator);
    await stack.setConfig({ [key]: SECRET_NAME }, true);
  });
  afterAll(() => stack?.dispose());

  async function expectHidden(): Promise<void> {
    expect(await stack.exportState()).not.toContain(SECRET_NAME);
    expect(filesHolding(path.join(stack.dir, "state"), SECRET_NAME)).toEqual([]);
    expect(stack.printed()).not.toContain(SECRET_NAME);
  }

  it("creates the livestream of that name, and keeps the name secret in its inputs and outputs", async () => {
    await stack.up();
    expect((await emulator.livestreams()).map((r) => r.name)).toContain(SECRET_NAME);
    const secretNamed = (await stack.resources(type)).filter((r) => typeof r.inputs?.name !== "string");
    expect(secretNamed).toHaveLength(1);
    expect(secretNamed[0].inputs?.name).toHaveProperty("ciphertext");
    expect(secretNamed[0].outputs?.name).toHaveProperty("ciphertext");
    await expectHidden();
  });

  it("keeps it secret through a no-op up and a refresh", async () => {
    const { stdout } = await stack.up();
    expect(stdout).not.toMatch(/[~+-]\s+realtimekit/);
    await stack.refresh();
    await stack.up();
    await expectHidden();
  });
});
