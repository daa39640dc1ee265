// Takes an existing livestream under management: `pulumi config set livestreamId <uuid>`.
// `pulumi import` cannot work for dynamic resources (pulumi/pulumi#16175), so the resource reads the
// livestream instead of creating one, and fails if it does not exist. Its name stays Cloudflare's.
import * as pulumi from "@pulumi/pulumi";
import { IndependentLivestream } from "pulumi-realtimekit";

const adopted = new IndependentLivestream("adopted", {
  adoptLivestreamId: new pulumi.Config().require("livestreamId"),
});

export const name = adopted.name;
export const ingestServer = adopted.ingestServer;
export const playbackUrl = adopted.playbackUrl;
export const streamKey = adopted.streamKey;
