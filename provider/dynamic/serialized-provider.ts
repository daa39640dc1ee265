/**
 * The dynamic provider as state stores it, in every resource's `__provider`: a constant that loads
 * the installed package's runtime by name. Pulumi's dynamic Resource would serialize the provider
 * object with its closure serializer instead, which writes this one-line `require` only when the
 * package's files sit under `node_modules`, and copies the provider's code into state, or fails,
 * when they do not (`npm link`, a workspace, `npm install ../dir`). A constant cannot capture a
 * credential, stays the same size, and is byte for byte what that serializer writes for an
 * installed package, so the states written before it see no change.
 */
export const SERIALIZED_PROVIDER = `exports.handler = __f0;
const provider = require("pulumi-realtimekit/runtime");

function __f0() {
  return (function() {
    with({ this: undefined, arguments: undefined }) {

return () => provider;

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
`;
