// `count` livestreams named <prefix>-<i>, for the reliability run and the benchmarks.
import * as pulumi from "@pulumi/pulumi";
import { IndependentLivestream } from "pulumi-realtimekit";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const prefix = config.get("prefix") ?? "fleet";

const livestreams = Array.from({ length: count }, (_, i) => new IndependentLivestream(`${prefix}-${i}`, { name: `${prefix}-${i}` }));

export const livestreamCount = livestreams.length;
