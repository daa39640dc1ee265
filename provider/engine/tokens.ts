/**
 * The names Pulumi knows IndependentLivestream by, through each door: the dynamic provider's type
 * (which the SDK composes from a module and a type), the plugin's package and type, and where its Go SDK lives.
 */
export const PACKAGE = "realtimekit";
export const RESOURCE_TYPE = "IndependentLivestream";

/** The type in state of a livestream declared through the dynamic provider (TypeScript). */
export const DYNAMIC_TYPE_TOKEN = `pulumi-nodejs:dynamic/${PACKAGE}:${RESOURCE_TYPE}`;
/** The type in the plugin's schema and in state of a livestream declared through the plugin (Pulumi YAML). */
export const PLUGIN_TYPE_TOKEN = `${PACKAGE}:index:${RESOURCE_TYPE}`;

/**
 * Where the Go SDK generated from the plugin's schema (sdk/go, `npm run gen:go-sdk`) is imported from: the
 * conventional place in a provider's repository, `<repository>/sdk/go/<package>`, its module one folder
 * up. The repository has no public home yet, so the owner is the project's own name; programs reach
 * the SDK through a `replace` until it is published, and moving it is this line and a regeneration.
 */
export const GO_IMPORT_BASE_PATH = `github.com/pulumi-realtimekit/pulumi-realtimekit/sdk/go/${PACKAGE}`;
