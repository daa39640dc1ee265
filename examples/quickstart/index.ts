// One independent livestream. Account, app and token come from stack config (`realtimekit:*`) or
// the CLOUDFLARE_* environment variables; see docs/configuration.md.
import * as pulumi from "@pulumi/pulumi";
import { IndependentLivestream } from "pulumi-realtimekit";

const config = new pulumi.Config();

const livestream = new IndependentLivestream("livestream", {
  // Optional: without it the livestream is named <project>-<stack>-livestream plus a short hash (see docs/resource.md).
  name: config.get("livestreamName"),
});

export const livestreamId = livestream.livestreamId;
export const ingestServer = livestream.ingestServer;
export const playbackUrl = livestream.playbackUrl;
export const streamKey = livestream.streamKey;
export const status = livestream.status;
