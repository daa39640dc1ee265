// One livestream per entry of the `livestreams` list in Pulumi.<stack>.yaml, for example:
//   config:
//     realtimekit-from-config:livestreams:
//       - name: main-stage
//       - name: backstage
// Removing an entry forgets only that livestream. Every entry is checked before anything is declared.
import * as pulumi from "@pulumi/pulumi";
import { IndependentLivestream, livestreamsFromConfig } from "pulumi-realtimekit";

// Read as text: livestreamsFromConfig parses it, so a bad or missing list fails naming the key and what is allowed.
const declared = livestreamsFromConfig(new pulumi.Config().get("livestreams"));

const livestreams = declared.map(({ resourceName, args }) => new IndependentLivestream(resourceName, args));

export const ingestServers = Object.fromEntries(declared.map((d, i) => [d.resourceName, livestreams[i].ingestServer]));
export const playbackUrls = Object.fromEntries(declared.map((d, i) => [d.resourceName, livestreams[i].playbackUrl]));
// A secret map: the whole output is encrypted because each value is.
export const streamKeys = pulumi.secret(Object.fromEntries(declared.map((d, i) => [d.resourceName, livestreams[i].streamKey])));
