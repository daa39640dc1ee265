/**
 * Two gaps of the Node provider server of @pulumi/pulumi (`provider/server.js`, the same file in 3.259
 * and 3.276), closed on the way into it; the plugin runs on whichever SDK the user installed. tests/provider/plugin/server-patches.test.ts shows each gap and its patch on the
 * oldest and the newest SDK. The plugin wraps the gRPC service the server registers, and:
 * - Configure: the server answers it without passing its arguments to the provider (and answers
 *   CheckConfig and DiffConfig as not implemented). The wrapper hands the arguments (the stack
 *   config `realtimekit:*` for the default provider, the properties of an explicit
 *   `pulumi:providers:realtimekit`) to `listener` first; a listener that throws fails Configure
 *   with its message, which the engine shows.
 * - Read: `pulumi import` sends no properties, and the server then fails on `undefined`; the
 *   wrapper gives it an empty property map instead.
 */
import * as path from "node:path";

export type ConfigureListener = (urn: string, args: Record<string, unknown>) => Promise<void>;

interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface Call {
  request: { getUrn(): string; getArgs(): Struct | undefined; getProperties(): Struct | undefined; setProperties(value: Struct): void };
}
type Callback = (error: Error | null, value?: unknown) => void;
type Implementation = Record<string, (call: Call, callback: Callback) => void>;

/** Call before `provider.main`, which registers the service. */
export function patchProviderServer(listener: ConfigureListener): void {
  // The modules the SDK itself loads, wherever the package manager put them.
  const paths = [path.dirname(require.resolve("@pulumi/pulumi/package.json"))];
  const grpc = require(require.resolve("@grpc/grpc-js", { paths }));
  const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths }));
  const addService: (service: object, implementation: Implementation) => void = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: unknown, service: object, implementation: Implementation): void {
    if (!("configure" in service && "read" in service)) return addService.call(this, service, implementation);
    const patched: Implementation = Object.create(implementation);
    patched.configure = (call, callback) => {
      listener(call.request.getUrn(), call.request.getArgs()?.toJavaScript() ?? {}).then(
        () => implementation.configure.call(implementation, call, callback),
        (error: Error) => callback(error),
      );
    };
    patched.read = (call, callback) => {
      if (!call.request.getProperties()) call.request.setProperties(new Struct());
      implementation.read.call(implementation, call, callback);
    };
    return addService.call(this, service, patched);
  };
}
