// Reads the outputs of a quickstart stack, TypeScript or YAML, e.g. `pulumi config set livestreamStack organization/realtimekit-quickstart/dev`.
// The stream key arrives as a secret and stays one in this stack's state and outputs.
import * as pulumi from "@pulumi/pulumi";

const source = new pulumi.StackReference(new pulumi.Config().require("livestreamStack"));

export const ingestServer = source.requireOutput("ingestServer");
export const playbackUrl = source.requireOutput("playbackUrl");
export const streamKey = source.requireOutput("streamKey");
/** What an encoder such as OBS needs in one URL; secret because it holds the key. */
export const encoderUrl = pulumi.interpolate`${ingestServer}${streamKey}`;
