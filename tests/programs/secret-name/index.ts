// A livestream whose name comes from secret config: the name stays secret in state and output.
import * as pulumi from "@pulumi/pulumi";
import { IndependentLivestream } from "pulumi-realtimekit";

const livestream = new IndependentLivestream("livestream", { name: new pulumi.Config().requireSecret("livestreamName") });

export const name = livestream.name;
export const playbackUrl = livestream.playbackUrl;
