/**
 * Secrets as they travel between the engine and the plugin. The Node provider server tells the
 * engine it accepts secrets, so secret values arrive wrapped in Pulumi's secret signature, and a
 * value returned wrapped stays a secret in state whatever the program asked for.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

type Wrapped = { [specialSigKey]: typeof specialSecretSig; value: unknown };

export function isSecret(value: unknown): value is Wrapped {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** The value with every secret wrapper removed, at any depth: the core works on plain values. */
export function plain<T>(value: T): T {
  if (isSecret(value)) return plain(value.value) as T;
  if (Array.isArray(value)) return value.map(plain) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, plain(v)])) as T;
  }
  return value;
}

/**
 * The top-level fields that arrive secret, later layers deciding for the fields they hold (news over
 * olds): what the engine sent secret goes back secret, since the server tells the engine it accepts
 * secrets and the engine then marks nothing again.
 */
export function secretFields(...layers: (object | undefined)[]): string[] {
  const secret = new Map<string, boolean>();
  for (const layer of layers) for (const [key, value] of Object.entries(layer ?? {})) secret.set(key, isSecret(value));
  return [...secret].filter(([, isIt]) => isIt).map(([key]) => key);
}

/**
 * The value as the engine takes it: no `undefined` anywhere (a protobuf Struct cannot hold one) and
 * the named fields, where present, marked secret (once: a field named twice is wrapped once).
 */
export function toEngine<T extends object>(value: T | undefined, secrets: readonly string[] = []): Record<string, unknown> {
  const defined = JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
  for (const field of new Set(secrets)) {
    if (defined[field] !== undefined) defined[field] = { [specialSigKey]: specialSecretSig, value: defined[field] };
  }
  return defined;
}
