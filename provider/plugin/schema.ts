/**
 * The plugin's Pulumi package schema, derived from the declarations in types.ts (and the settings
 * table in config.ts), so the YAML resource and the TypeScript class cannot drift apart.
 * `pulumi package get-schema <plugin>` prints it.
 */
import { SettingName, SETTINGS, SettingSpec } from "../settings/config";
import { FACTS, INPUTS, LIST_FILTERS, LOOKUP_SCOPE, PropertySpec, SESSION, SUMMARY } from "../types";
import { GO_IMPORT_BASE_PATH, PACKAGE, PLUGIN_TYPE_TOKEN } from "../engine/tokens";
import { VERSION } from "../http/version";

export const FUNCTION_TOKENS = {
  get: `${PACKAGE}:index:getIndependentLivestream`,
  list: `${PACKAGE}:index:listIndependentLivestreams`,
  sessions: `${PACKAGE}:index:getLivestreamSessions`,
} as const;
const SESSION_TYPE = `${PACKAGE}:index:LivestreamSession`;
const SUMMARY_TYPE = `${PACKAGE}:index:LivestreamSummary`;

/** The settings, as provider properties and stack config `realtimekit:<name>`, from their one declaration. */
const SETTING_SPECS = Object.fromEntries(
  Object.entries(SETTINGS).map(([name, s]: [string, SettingSpec]) => {
    const defaults = [s.env && `\`${s.env}\``, s.fallback && `\`${s.fallback}\``].filter(Boolean).join(", else ");
    const description = `${s.about}${s.range ? ` ${s.range[0]}-${s.range[1]}.` : ""} Default: ${defaults}.`;
    return [name, { type: s.type, description, ...(s.secret ? { secret: true } : {}) } as PropertySpec];
  }),
) as Record<SettingName, PropertySpec>;

const LIVESTREAM_ID = { type: "string", description: "The livestream's id (a UUID)." } as const;

type Declaration = Record<string, PropertySpec | { ref: string; array?: true; optional?: true; description: string }>;

/** Schema properties and the names of the required ones. */
function object(declaration: Declaration, allOptional = false): { properties: Record<string, object>; required?: string[] } {
  const properties: Record<string, object> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(declaration)) {
    const item = "ref" in spec ? { $ref: `#/types/${spec.ref}` } : { type: spec.type };
    const { description } = spec;
    properties[name] = "array" in spec ? { type: "array", items: item, description } : { ...item, description, ...("secret" in spec ? { secret: true } : {}) };
    if (!allOptional && !spec.optional) required.push(name);
  }
  return required.length > 0 ? { properties, required } : { properties };
}

// The adoption inputs are stored only when given.
const outputs = object({
  ...INPUTS, ...FACTS,
  adoptLivestreamId: { ...INPUTS.adoptLivestreamId, optional: true }, adoptExisting: { ...INPUTS.adoptExisting, optional: true },
});
const inputs = object(INPUTS, true);
const settings = object(SETTING_SPECS, true);

export const schema = {
  name: PACKAGE,
  displayName: "Cloudflare RealtimeKit",
  version: VERSION,
  description: "Cloudflare RealtimeKit livestreams. The API can create and read livestreams only: any change replaces, delete forgets.",
  config: { variables: settings.properties },
  language: { go: { importBasePath: GO_IMPORT_BASE_PATH } },
  provider: { description: "The RealtimeKit provider: the same settings as stack config `realtimekit:*`.", inputProperties: settings.properties },
  resources: {
    [PLUGIN_TYPE_TOKEN]: {
      description: "A Cloudflare RealtimeKit livestream that belongs to no meeting. Delete forgets it: the API cannot delete.",
      inputProperties: inputs.properties,
      properties: outputs.properties,
      required: outputs.required,
    },
  },
  functions: {
    [FUNCTION_TOKENS.get]: {
      description: "One livestream by id; fails if it does not exist. The stream key is a secret.",
      inputs: object({ livestreamId: LIVESTREAM_ID, ...LOOKUP_SCOPE }),
      outputs: object(FACTS),
    },
    [FUNCTION_TOKENS.list]: {
      description: "The app's independent livestreams that match, every page (no stream keys).",
      inputs: object({ ...LOOKUP_SCOPE, ...LIST_FILTERS }),
      outputs: object({ livestreams: { ref: SUMMARY_TYPE, array: true, description: "The matching livestreams, oldest first." } }),
    },
    [FUNCTION_TOKENS.sessions]: {
      description: "A livestream's sessions and the one being broadcast now.",
      inputs: object({ livestreamId: LIVESTREAM_ID, ...LOOKUP_SCOPE }),
      outputs: object({
        active: { ref: SESSION_TYPE, optional: true, description: "The session being broadcast now, if any." },
        sessions: { ref: SESSION_TYPE, array: true, description: "Every session, oldest first." },
      }),
    },
  },
  types: {
    [SESSION_TYPE]: { type: "object", description: "One broadcast of a livestream.", ...object(SESSION) },
    [SUMMARY_TYPE]: { type: "object", description: "A livestream as a list shows it.", ...object(SUMMARY) },
  },
};
