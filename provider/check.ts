/**
 * `check`: fills in account and app from config or the environment and applies every static rule,
 * so bad input fails at preview, naming the field and what is allowed, before any request.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Settings } from "./settings/config";
import { NameBook } from "./names/name-book";
import { defaultName } from "./names/default-name";
import { describeResource, parseUrn } from "./engine/urn";
import { CheckedInputs, ID_FIELDS, LivestreamInputs, replaceOnChange, ResourceProps, sameInput } from "./types";
import { FIELD_RULES, Rule } from "./settings/validate";

/** What the engine sends for a value not known until apply (preview); it passes every rule. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * `olds` are the previous inputs (also under an alias, or after a stack rename): a livestream keeps
 * the name it has unless the user sets another one, through a replacement too. Ids are lower-cased,
 * so that a change of case alone is no change.
 */
export function checkInputs(olds: Partial<CheckedInputs>, news: ResourceProps, settings: Settings, names: NameBook): Required<dynamic.CheckResult<CheckedInputs>> {
  // Only defined values: the provider host cannot send `undefined` back to the engine.
  const { owner, ...inputs }: ResourceProps = { ...news };
  if (news.name === undefined && news.adoptLivestreamId === undefined && owner !== undefined) {
    if (olds.name !== undefined) names.keep(owner, olds.name);
    inputs.name = olds.name ?? names.keptName(owner) ?? defaultNameOf(owner);
  }
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
    else if ((ID_FIELDS as readonly string[]).includes(field)) inputs[field as (typeof ID_FIELDS)[number]] = (value as string).toLowerCase();
  }
  if (inputs.adoptLivestreamId !== undefined && inputs.adoptExisting) {
    failures.push({ property: "adoptExisting", reason: "adoptExisting cannot be set together with adoptLivestreamId: one names the livestream to take, the other takes the one of the resource's name" });
  } else if (inputs.adoptLivestreamId !== undefined && news.name !== undefined) {
    failures.push({ property: "name", reason: "name cannot be set together with adoptLivestreamId: an adopted livestream keeps its name in Cloudflare, which the API cannot change" });
  } else if (inputs.adoptLivestreamId === undefined && inputs.name === undefined) {
    failures.push({ property: "name", reason: "name is required: set it, or let the IndependentLivestream resource default it from its own name" });
  }
  if (failures.length === 0 && owner !== undefined) failures.push(...nameClash(inputs, owner, names));
  // The provider's own stamp, whatever the program sent.
  (inputs as CheckedInputs).createStartedAt = createStart(olds, inputs as CheckedInputs);
  // Settings the calls will need, checked now so that a missing token fails at preview too.
  for (const { setting, reason } of settings.problems()) failures.push({ property: setting, reason });
  return { inputs: inputs as CheckedInputs, failures };
}

/**
 * The start recovery looks from if this resource's create is interrupted: the stamp it has, while
 * the inputs that would replace it are the same (so it never changes by itself), else now, just
 * before any create the engine may record. A replace forced with `--replace` keeps the stamp of the
 * create before it: the window is wider, never too late.
 */
function createStart(olds: Partial<CheckedInputs>, inputs: CheckedInputs): string {
  const kept = olds.createStartedAt !== undefined && replaceOnChange.every((field) => sameInput(field, olds[field], inputs[field]));
  return kept ? olds.createStartedAt! : new Date().toISOString();
}

/** Whether a value is known at this point: at preview, one computed from another resource may not be. */
export const isKnown = (value: unknown): boolean => value !== undefined && value !== UNKNOWN;

/** The name a resource gets when none is given or kept: from its project, stack and resource name, all in its URN. */
function defaultNameOf(urn: string): string {
  const { project, stack, name } = parseUrn(urn);
  return defaultName(project, stack, name);
}

/** Two resources of one program that would create livestreams of one name in one app, or adopt one livestream. */
function nameClash({ name, accountId, appId, adoptLivestreamId }: LivestreamInputs, owner: string, names: NameBook): dynamic.CheckFailure[] {
  if (adoptLivestreamId !== undefined) {
    const adopter = isKnown(adoptLivestreamId) ? names.claimAdopted(adoptLivestreamId, owner) : undefined;
    if (adopter === undefined) return [];
    return [{ property: "adoptLivestreamId", reason: `adoptLivestreamId '${adoptLivestreamId}' is also adopted by resource ${describeResource(adopter)}: a livestream belongs to one resource, since both would hand out its stream key` }];
  }
  if (![name, accountId, appId].every(isKnown)) return [];
  const other = names.claim(accountId!, appId!, name!, owner);
  if (other === undefined) return [];
  return [{ property: "name", reason: `name '${name}' is also the name of resource ${describeResource(other)} in the same app: give each livestream its own name, since names identify livestreams` }];
}

function missing(field: "accountId" | "appId"): string {
  const where = field === "accountId" ? "config 'realtimekit:accountId' or CLOUDFLARE_ACCOUNT_ID" : "config 'realtimekit:appId' or CLOUDFLARE_REALTIMEKIT_APP_ID";
  return `${field} is required: set it on the resource, or through ${where}`;
}
