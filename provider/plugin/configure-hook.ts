/**
 * Receiving the provider's configuration. In @pulumi/pulumi 3.259 the Node provider server
 * (`provider/server.js`) answers the engine's Configure call itself and never passes its arguments
 * to the provider, and answers CheckConfig and DiffConfig as not implemented. So the plugin takes
 * Configure's arguments on the way in: it wraps the gRPC service the server registers, hands the
 * arguments (the stack config `realtimekit:*` for the default provider, the properties of an
 * explicit `pulumi:providers:realtimekit`) to `listener`, then lets the server answer as before.
 * A listener that throws fails Configure with its message, which the engine shows.
 */
import * as path from "node:path";

export type ConfigureListener = (urn: string, args: Record<string, unknown>) => Promise<void>;

interface ConfigureCall {
  request: { getUrn(): string; getArgs(): { toJavaScript(): Record<string, unknown> } | undefined };
}
type Callback = (error: Error | null, value?: unknown) => void;
type Service = Record<string, unknown>;
type Implementation = Record<string, (call: ConfigureCall, callback: Callback) => void>;

/** Call before `provider.main`, which registers the service. */
export function onConfigure(listener: ConfigureListener): void {
  // The gRPC module the SDK itself loads, wherever the package manager put it.
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
  const addService: (service: Service, implementation: Implementation) => void = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: unknown, service: Service, implementation: Implementation): void {
    if (!("configure" in service)) return addService.call(this, service, implementation);
    const hooked: Implementation = Object.create(implementation);
    hooked.configure = (call, callback) => {
      listener(call.request.getUrn(), call.request.getArgs()?.toJavaScript() ?? {}).then(
        () => implementation.configure.call(implementation, call, callback),
        (error: Error) => callback(error),
      );
    };
    return addService.call(this, service, hooked);
  };
}
