/**
 * `check`: fills in account and app from config or the environment and applies every static rule,
 * so bad input fails at preview, naming the field and what is allowed, before any request.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Settings } from "./config";
import { CheckedInputs, LivestreamInputs, ResourceProps } from "./types";
import { FIELD_RULES, Rule } from "./validate";

/** What the engine sends for a value not known until apply (preview); it passes every rule. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * `olds` are the previous inputs (also under an alias, or after a stack rename): a livestream keeps
 * the name it has unless the user sets another one.
 */
export function checkInputs(olds: Partial<CheckedInputs>, news: ResourceProps, settings: Settings): dynamic.CheckResult<CheckedInputs> {
  // Only defined values: the provider host cannot send `undefined` back to the engine.
  const { defaultName, ...inputs }: ResourceProps = { ...news };
  const name = news.name ?? (news.adoptLivestreamId === undefined ? (olds.name ?? defaultName) : undefined);
  if (name !== undefined) inputs.name = name;
  const accountId = news.accountId ?? settings.get("accountId");
  const appId = news.appId ?? settings.get("appId");
  if (accountId !== undefined) inputs.accountId = accountId;
  if (appId !== undefined) inputs.appId = appId;
  const failures: dynamic.CheckFailure[] = [];
  for (const [field, rule] of Object.entries(FIELD_RULES) as [keyof LivestreamInputs, Rule][]) {
    const value = inputs[field];
    if (value === UNKNOWN) continue;
    if (value === undefined || value === null) {
      if (field === "accountId" || field === "appId") failures.push({ property: field, reason: missing(field) });
      continue;
    }
    const problem = rule(value);
    if (problem) failures.push({ property: field, reason: `${field} ${problem}` });
  }
  if (inputs.adoptLivestreamId !== undefined && news.name !== undefined) {
    failures.push({ property: "name", reason: "name cannot be set together with adoptLivestreamId: an adopted livestream keeps its name in Cloudflare, which the API cannot change" });
  } else if (inputs.adoptLivestreamId === undefined && inputs.name === undefined) {
    failures.push({ property: "name", reason: "name is required: set it, or let the IndependentLivestream resource default it from its own name" });
  }
  // Settings the calls will need, checked now so that a missing token fails at preview too.
  settings.apiToken();
  settings.baseUrl();
  settings.timeoutMs();
  settings.maxRetries();
  return { inputs: inputs as CheckedInputs, failures };
}

function missing(field: "accountId" | "appId"): string {
  const where = field === "accountId" ? "config 'realtimekit:accountId' or CLOUDFLARE_ACCOUNT_ID" : "config 'realtimekit:appId' or CLOUDFLARE_REALTIMEKIT_APP_ID";
  return `${field} is required: set it on the resource, or through ${where}`;
}
