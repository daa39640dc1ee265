import { ConfigurationError } from "../../../provider/http/errors";
import { Settings } from "../../../provider/settings/config";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("provider settings", () => {
  it("prefers stack config, then the CLOUDFLARE_* variables, then the default", () => {
    const env = { CLOUDFLARE_ACCOUNT_ID: "from-env", CLOUDFLARE_API_TOKEN: "env-token" };
    const settings = new Settings(config({ "realtimekit:accountId": "from-config" }), env);
    expect(settings.get("accountId")).toBe("from-config");
    expect(settings.apiToken()).toBe("env-token");
    expect(settings.baseUrl()).toBe("https://api.cloudflare.com/client/v4");
    expect(new Settings(undefined, { CLOUDFLARE_BASE_URL: "http://127.0.0.1:1/client/v4/" }).baseUrl()).toBe("http://127.0.0.1:1/client/v4");
  });

  it("says where to set a missing token", () => {
    expect(() => new Settings(undefined, {}).apiToken()).toThrow(
      new ConfigurationError("No Cloudflare API token: set it with 'pulumi config set --secret realtimekit:apiToken <token>' or the CLOUDFLARE_API_TOKEN environment variable"),
    );
  });

  it("names the source of a bad value and never echoes a token", () => {
    const bad = new Settings(undefined, { CLOUDFLARE_API_TOKEN: "tok\nen-secret" });
    expect(() => bad.apiToken()).toThrow("Environment variable CLOUDFLARE_API_TOKEN must be a non-empty token of visible ASCII characters");
    expect(() => bad.apiToken()).not.toThrow(/en-secret/);
    const badUrl = new Settings(config({ "realtimekit:baseUrl": "http://example.com/client/v4" }), {});
    expect(() => badUrl.baseUrl()).toThrow("Config 'realtimekit:baseUrl' must be an https URL");
  });

  it("checks numeric settings' ranges", () => {
    expect(new Settings(undefined, {}).timeoutMs()).toBe(30_000);
    expect(new Settings(undefined, {}).maxRetries()).toBe(3);
    expect(() => new Settings(config({ "realtimekit:maxRetries": "11" }), {}).maxRetries()).toThrow(
      "Config 'realtimekit:maxRetries' must be a whole number from 0 to 10 (got \"11\")",
    );
  });
});
