/**
 * The provider instance the Pulumi provider process runs. This module's exports object IS the
 * provider: when the package is installed, Pulumi serializes it as a one-line
 * `require("pulumi-realtimekit/runtime")`, so state stays small, holds no credentials, and an
 * upgraded package also serves refresh and destroy of resources created before the upgrade.
 */
import { LivestreamProvider } from "../provider";

export = new LivestreamProvider();
