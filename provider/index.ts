/** The public surface of pulumi-realtimekit. */
export { IndependentLivestream, IndependentLivestreamArgs } from "./dynamic/resource";
export { livestreamsFromConfig, DeclaredLivestream } from "./dynamic/from-config";
export { getIndependentLivestream, listIndependentLivestreams, getLivestreamSessions, LivestreamLookup } from "./dynamic/lookups";
export { LivestreamSessions } from "./lookups";
export { LivestreamInputs, LivestreamOutputs, LivestreamFacts, LivestreamSession, LivestreamSummary, LookupScope, ListLivestreamsArgs } from "./types";
export { SETTINGS, DEFAULT_BASE_URL } from "./config";
export {
  RealtimeKitError, ConfigurationError, AuthenticationError, NotFoundError, BadRequestError,
  RateLimitError, ServerError, NetworkError, InvalidResponseError, UncertainCreateError,
} from "./errors";
