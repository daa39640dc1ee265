/**
 * The names Pulumi knows IndependentLivestream by, through each door: the dynamic provider's type
 * (which the SDK composes from a module and a type) and the plugin's package and type.
 */
export const PACKAGE = "realtimekit";
export const RESOURCE_TYPE = "IndependentLivestream";

/** The type in state of a livestream declared through the dynamic provider (TypeScript). */
export const DYNAMIC_TYPE_TOKEN = `pulumi-nodejs:dynamic/${PACKAGE}:${RESOURCE_TYPE}`;
/** The type in the plugin's schema and in state of a livestream declared through the plugin (Pulumi YAML). */
export const PLUGIN_TYPE_TOKEN = `${PACKAGE}:index:${RESOURCE_TYPE}`;
