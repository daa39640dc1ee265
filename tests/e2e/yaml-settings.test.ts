/**
 * The plugin's settings under the real engine: stack config, the environment, and an explicit
 * `pulumi:providers:realtimekit` whose properties are the only settings. The token never shows.
 */
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets } from "../helpers/e2e";
import { explicitProviderStack, yamlStackFor } from "../helpers/plugin";
import { PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";

jest.setTimeout(180_000);
const emulator = useEmulator();

describe("plugin settings", () => {
  it("takes an explicit provider's properties, with no realtimekit stack config at all", async () => {
    const stack = await explicitProviderStack(emulator);
    try {
      await stack.setConfig({ studioToken: TOKEN }, true);
      await stack.up();
      const [record] = await emulator.livestreams();
      expect(record.name).toBe("studio-show");
      expect((await stack.outputs()).streamKey).toBe("[secret]");
      expect((await stack.outputs(true)).streamKey).toBe(record.stream_key);
      const provider = JSON.parse(await stack.exportState()).deployment.resources.find((r: { type: string }) => r.type === "pulumi:providers:realtimekit");
      expect(provider.inputs.apiToken).toHaveProperty("ciphertext");
      await stack.destroy();
      await expectNoPlainSecrets(stack, [TOKEN, record.stream_key]);
    } finally {
      stack.dispose();
    }
  });

  it("refuses a token set in plain text in stack config, at preview, without echoing it", async () => {
    const stack = await yamlStackFor("examples/yaml-quickstart", emulator);
    const plainToken = "plain-token-0123456789";
    try {
      await stack.setConfig({ "realtimekit:apiToken": plainToken });
      const result = await stack.preview({ allowFailure: true });
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain("Config 'realtimekit:apiToken' is stored in plain text: set it again with 'pulumi config set --secret realtimekit:apiToken <token>'");
      expect(result.stdout + result.stderr).not.toContain(plainToken);
      expect(await emulator.calls()).toEqual([]);
      expect(await stack.exportState()).not.toContain(plainToken);
    } finally {
      stack.dispose();
    }
  });

  it("takes every setting from the CLOUDFLARE_* environment when stack config has none", async () => {
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID, CLOUDFLARE_REALTIMEKIT_APP_ID: APP_ID, CLOUDFLARE_BASE_URL: emulator.baseUrl };
    const stack = await yamlStackFor("examples/yaml-quickstart", emulator);
    try {
      for (const key of ["realtimekit:apiToken", "realtimekit:accountId", "realtimekit:appId", "realtimekit:baseUrl"]) await stack.run(["config", "rm", key]);
      await stack.run(["up", "--yes", "--skip-preview"], { env });
      expect(await stack.resources(PLUGIN_TYPE_TOKEN)).toHaveLength(2);
      expect(await emulator.livestreams()).toHaveLength(2);
      await expectNoPlainSecrets(stack, [TOKEN, ...(await emulator.livestreams()).map((r) => r.stream_key)]);
    } finally {
      stack.dispose();
    }
  });
});
