/** The public surface of pulumi-realtimekit. */
export { IndependentLivestream } from "./dynamic/resource";
export type { IndependentLivestreamArgs } from "./dynamic/resource";
export { livestreamsFromConfig } from "./dynamic/from-config";
export type { DeclaredLivestream } from "./dynamic/from-config";
export { getIndependentLivestream, listIndependentLivestreams, getLivestreamSessions } from "./dynamic/lookups";
export type { LivestreamLookup } from "./dynamic/lookups";
export type { LivestreamSessions } from "./lookups";
export type { LivestreamInputs, LivestreamOutputs, LivestreamFacts, LivestreamSession, LivestreamSummary, LookupScope, ListLivestreamsArgs } from "./types";
export { SETTINGS, DEFAULT_BASE_URL } from "./settings/config";
export {
  RealtimeKitError, ConfigurationError, AuthenticationError, NotFoundError, BadRequestError,
  RateLimitError, ServerError, NetworkError, InvalidResponseError, UncertainCreateError,
} from "./http/errors";
