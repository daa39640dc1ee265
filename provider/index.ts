/** The public surface of pulumi-realtimekit. */
export { IndependentLivestream, IndependentLivestreamArgs } from "./resource";
export { livestreamsFromConfig, DeclaredLivestream } from "./from-config";
export {
  getIndependentLivestream, listIndependentLivestreams, getLivestreamSessions,
  LookupScope, LivestreamLookup, ListLivestreamsArgs, LivestreamSessions,
} from "./lookups";
export { LivestreamSummary } from "./mapping";
export { LivestreamInputs, LivestreamOutputs, LivestreamFacts, LivestreamSession } from "./types";
export { SETTINGS, DEFAULT_BASE_URL } from "./config";
export {
  RealtimeKitError, ConfigurationError, AuthenticationError, NotFoundError, BadRequestError,
  RateLimitError, ServerError, NetworkError, InvalidResponseError,
} from "./errors";
