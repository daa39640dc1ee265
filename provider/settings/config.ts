/**
 * Provider settings: stack config under the `realtimekit:` namespace first, then the environment
 * variables Cloudflare's own tools read. Read at run time inside the provider process (from
 * `configure`), never captured in the serialized provider.
 */
import type { ClientOptions } from "../http/client";
import { ConfigurationError } from "../http/errors";
import { DEFAULT_RETRY_POLICY } from "../http/retry";
import * as rules from "./validate";
import { PACKAGE } from "../engine/tokens";

/** The subset of Pulumi's dynamic-provider `Config` we use. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Settings given as a provider's properties, `apiToken` for `realtimekit:apiToken`: Configure's, or an explicit provider's in state. */
export function propertiesConfig(values: Record<string, unknown>): ConfigSource & { require(key: string): string } {
  const config = {
    get: (key: string) => {
      const value = key.startsWith(`${PACKAGE}:`) ? values[key.slice(PACKAGE.length + 1)] : undefined;
      return value === undefined || value === null ? undefined : String(value);
    },
    require: (key: string) => {
      const value = config.get(key);
      if (value === undefined) throw new ConfigurationError(`Missing required configuration key: ${key}`);
      return value;
    },
  };
  return config;
}

export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

/**
 * One setting, declared once for the provider, the plugin's schema (plugin/schema.ts) and errors:
 * its config key, its environment variable, its default, what it is and what is allowed.
 */
export interface SettingSpec {
  key: string;
  env?: string;
  fallback?: string;
  type: "string" | "number";
  /** Always a Pulumi secret. */
  secret?: true;
  about: string;
  /** The whole numbers allowed, for a number. */
  range?: readonly [min: number, max: number];
}

export const SETTINGS = {
  apiToken: { key: "realtimekit:apiToken", env: "CLOUDFLARE_API_TOKEN", type: "string", secret: true, about: "Cloudflare API token with the Realtime or Realtime Admin permission." },
  accountId: { key: "realtimekit:accountId", env: "CLOUDFLARE_ACCOUNT_ID", type: "string", about: "Default account id (32 hex digits) for livestreams that set none." },
  appId: { key: "realtimekit:appId", env: "CLOUDFLARE_REALTIMEKIT_APP_ID", type: "string", about: "Default RealtimeKit app id (a UUID) for livestreams that set none." },
  baseUrl: { key: "realtimekit:baseUrl", env: "CLOUDFLARE_BASE_URL", fallback: DEFAULT_BASE_URL, type: "string", about: "API base URL: https, or http to localhost only." },
  timeoutSeconds: { key: "realtimekit:timeoutSeconds", fallback: "30", type: "number", range: [1, 600], about: "Per request, in seconds." },
  maxRetries: { key: "realtimekit:maxRetries", fallback: "3", type: "number", range: [0, 10], about: "Retries of reads after a 5xx or a lost connection." },
  createSettleSeconds: {
    key: "realtimekit:createSettleSeconds", fallback: "30", type: "number", range: [2, 600],
    about: "How long, in seconds, a livestream must stay absent after a create's answer was lost before the create is sent again.",
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

/** Where settings are read from: stack config (when configured) and the environment. */
export class Settings {
  constructor(
    private readonly config: ConfigSource | undefined,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The raw value of a setting, or undefined. Empty strings count as unset. */
  get(name: SettingName): string | undefined {
    const spec: SettingSpec = SETTINGS[name];
    const value = this.config?.get(spec.key) || (spec.env && this.env[spec.env]) || spec.fallback;
    return value || undefined;
  }

  /** The API token, checked; an error names both places it can come from. */
  apiToken(): string {
    const token = this.get("apiToken");
    if (token === undefined) {
      throw new ConfigurationError(
        `No Cloudflare API token: set it with 'pulumi config set --secret ${SETTINGS.apiToken.key} <token>' or the ${SETTINGS.apiToken.env} environment variable`,
      );
    }
    return this.checked("apiToken", token, rules.apiToken);
  }

  baseUrl(): string {
    return this.checked("baseUrl", this.get("baseUrl")!, rules.baseUrl).replace(/\/+$/, "");
  }

  timeoutMs(): number {
    return this.number("timeoutSeconds") * 1000;
  }

  maxRetries(): number {
    return this.number("maxRetries");
  }

  /**
   * How long a livestream must stay absent after a create's answer was lost before the create is
   * sent again: Cloudflare may still be committing it. Its own setting, so a short request timeout
   * never shortens this protection against duplicates.
   */
  createSettleMs(): number {
    return this.number("createSettleSeconds") * 1000;
  }

  /** What is wrong with the settings every call needs, one line per setting, for `check` to report at preview. */
  problems(): { setting: SettingName; reason: string }[] {
    const needed: [SettingName, () => unknown][] = [
      ["apiToken", () => this.apiToken()],
      ["baseUrl", () => this.baseUrl()],
      ["timeoutSeconds", () => this.timeoutMs()],
      ["maxRetries", () => this.maxRetries()],
      ["createSettleSeconds", () => this.createSettleMs()],
    ];
    return needed.flatMap(([setting, read]) => {
      try {
        read();
        return [];
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        return [{ setting, reason: error.message }];
      }
    });
  }

  private number(name: "timeoutSeconds" | "maxRetries" | "createSettleSeconds"): number {
    const [min, max] = SETTINGS[name].range;
    const raw = this.get(name)!;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigurationError(`${this.source(name)} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    }
    return value;
  }

  private checked(name: SettingName, value: string, rule: rules.Rule): string {
    const problem = rule(value);
    if (problem) throw new ConfigurationError(`${this.source(name)} ${problem}`);
    return value;
  }

  /** Names where a setting came from, so an error tells the user what to fix. */
  private source(name: SettingName): string {
    const spec: SettingSpec = SETTINGS[name];
    if (this.config?.get(spec.key)) return `Config '${spec.key}'`;
    if (spec.env && this.env[spec.env]) return `Environment variable ${spec.env}`;
    return `Setting '${spec.key}'`;
  }
}

/** The client options these settings give; every caller (provider, lookups) builds its client from here. */
export function clientOptions(settings: Settings, onRetry?: (message: string) => void): ClientOptions {
  return {
    baseUrl: settings.baseUrl(),
    apiToken: settings.apiToken(),
    timeoutMs: settings.timeoutMs(),
    retry: { ...DEFAULT_RETRY_POLICY, maxRetries: settings.maxRetries() },
    onRetry,
  };
}
