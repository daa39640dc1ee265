/**
 * The API token must be a secret in stack config. Pulumi stores the stack config with the stack,
 * so a token set without `--secret` would sit in plain text in Pulumi.<stack>.yaml and in the
 * state. Checked in the program, where Pulumi knows which keys are secret, or by the plugin as
 * the engine configures it.
 */
// The SDK's config module, not its index: the plugin imports this file too, and the index would load TypeScript with it.
import * as sdkConfig from "@pulumi/pulumi/runtime/config";
import { ConfigurationError } from "../http/errors";
import { SETTINGS } from "./config";

/** `isConfigSecret` is exported by the SDK's config module but not declared in its types. */
const runtime = sdkConfig as typeof sdkConfig & { isConfigSecret?: (key: string) => boolean };

/** For a TypeScript program: fails when the stack config holds the token in plain text. */
export function requireSecretToken(): void {
  const key = SETTINGS.apiToken.key;
  if (runtime.getConfig(key) === undefined || runtime.isConfigSecret?.(key) !== false) return;
  throw plainTextTokenError();
}

/** The error for a token the engine handed over without the secret mark; both doors raise it. */
export function plainTextTokenError(): ConfigurationError {
  const key = SETTINGS.apiToken.key;
  return new ConfigurationError(
    `Config '${key}' is stored in plain text: set it again with 'pulumi config set --secret ${key} <token>' ` +
      `(or use the ${SETTINGS.apiToken.env} environment variable)`,
  );
}
