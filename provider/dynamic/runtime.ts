/**
 * The provider Pulumi's dynamic provider host runs: every resource's `__provider` (see
 * serialized-provider.ts) is `require("pulumi-realtimekit/runtime")`, so state stays small, holds
 * no credentials, and an upgraded package also serves refresh and destroy of resources created
 * before the upgrade. It is the core as that host calls it, with one translation: see `oneLine`.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { engineAddressOf, watchEngine } from "../engine/engine-gone";
import { RealtimeKitError } from "../http/errors";
import { LivestreamProvider } from "../livestream-provider";

const core = new LivestreamProvider();

/**
 * Pulumi's dynamic provider host is `node <@pulumi/pulumi>/cmd/dynamic-provider <engine address>`,
 * in a process group of its own that outlives a killed CLI: it serves that engine, and no longer.
 */
const HOST = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/;
const engine = HOST.test(require.main?.filename ?? "") ? engineAddressOf(process.argv.slice(2)) : undefined;
if (engine) watchEngine(engine);

/**
 * The host prints a failed check, diff, read or delete as `${error}: ${error.stack}` among the
 * stack's diagnostics, beside the resource's own error line. Ours then read
 * `realtimekit: <message>`, one line, like the provider's other lines, not a JavaScript stack
 * trace; any other error is a bug and keeps its trace.
 */
async function oneLine<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RealtimeKitError) {
      Object.defineProperties(error, { stack: { value: error.message }, toString: { value: () => "realtimekit" } });
    }
    throw error;
  }
}

const door: dynamic.ResourceProvider = {
  configure: (req) => core.configure(req),
  check: (olds, news) => oneLine(core.check(olds, news)),
  diff: (id, olds, news) => oneLine(core.diff(id, olds, news)),
  create: (inputs) => core.create(inputs),
  read: (id, props) => oneLine(core.read(id, props)),
  update: (id, olds, news) => core.update(id, olds, news),
  delete: (id, props) => oneLine(core.delete(id, props)),
};

export = door;
