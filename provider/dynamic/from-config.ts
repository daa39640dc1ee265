/**
 * Livestreams declared as a list in stack config (`Pulumi.<stack>.yaml`) instead of code. Every
 * entry is checked before any resource is declared, so one bad entry fails the whole preview with a
 * message naming it, and nothing is created.
 */
import { ConfigurationError } from "../http/errors";
import { IndependentLivestreamArgs } from "./resource";
import { LivestreamInputs } from "../types";
import * as rules from "../settings/validate";

/** One declared livestream: the resource name it gets (its livestream name) and its args. */
export interface DeclaredLivestream {
  resourceName: string;
  args: IndependentLivestreamArgs;
}

const FIELDS: Record<string, rules.Rule> = rules.FIELD_RULES;

/**
 * Parses a config value such as `[{name: main-stage}, {name: backstage, appId: ...}]`, or its text as `pulumi.Config`'s
 * `get` hands it over; `key` names it in errors. Reading the text here, not with the SDK's `requireObject`, makes a bad or
 * missing value one of our errors, which name the key and what is allowed (and carry no stack; see errors.ts).
 */
export function livestreamsFromConfig(value: unknown, key = "livestreams"): DeclaredLivestream[] {
  if (value === undefined) throw new ConfigurationError(`Config '${key}' is not set: declare each livestream with 'pulumi config set --path ${key}[0].name <name>'`);
  const list = typeof value === "string" ? parsed(value) : value;
  const shown = typeof value === "string" && list === undefined ? ` (got ${JSON.stringify(value)})` : "";
  if (!Array.isArray(list)) throw new ConfigurationError(`Config '${key}' must be a list of livestreams, each with at least a 'name'${shown}`);
  return entries(list, key);
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function entries(value: unknown[], key: string): DeclaredLivestream[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  value.forEach((entry, index) => {
    const where = `Config '${key}[${index}]'`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`${where} must be an object such as {name: main-stage}`);
      return;
    }
    for (const [field, fieldValue] of Object.entries(entry)) {
      // Own keys only: `__proto__` or `toString` are not livestream settings.
      const rule = Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
      const problem = rule ? rule(fieldValue) : `is not a livestream setting (allowed: ${Object.keys(FIELDS).join(", ")})`;
      if (problem) problems.push(`${where} field '${field}' ${problem}`);
    }
    const { name, adoptLivestreamId } = entry as LivestreamInputs;
    // An entry is named by its livestream name, or by the id it adopts: resource names must be unique.
    const id = name ?? adoptLivestreamId;
    if (name !== undefined && adoptLivestreamId !== undefined) problems.push(`${where} sets both 'name' and 'adoptLivestreamId'; an adopted livestream keeps its own name`);
    else if (id === undefined) problems.push(`${where} needs a 'name' (or an 'adoptLivestreamId')`);
    else if (seen.has(id)) problems.push(`${where} repeats '${id}'; each livestream needs its own`);
    else seen.add(id);
  });
  if (problems.length > 0) throw new ConfigurationError(`Invalid livestreams in stack config:\n  ${problems.join("\n  ")}`);
  return (value as LivestreamInputs[]).map((args) => ({ resourceName: (args.name ?? args.adoptLivestreamId)!, args }));
}
