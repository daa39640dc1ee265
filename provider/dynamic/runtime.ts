/**
 * The provider instance Pulumi's dynamic provider host runs: every resource's `__provider` (see
 * serialized-provider.ts) is `require("pulumi-realtimekit/runtime")`, so state stays small, holds
 * no credentials, and an upgraded package also serves refresh and destroy of resources created
 * before the upgrade.
 */
import { LivestreamProvider } from "../provider";

export = new LivestreamProvider();
