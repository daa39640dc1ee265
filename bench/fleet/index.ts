// `count` livestreams named <prefix>-<i>, for the reliability run and the benchmarks.
import * as pulumi from "@pulumi/pulumi";
import { IndependentLivestream } from "pulumi-realtimekit";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const prefix = config.get("prefix") ?? "fleet";
// Takes the livestream an app already holds of each name, as after `refresh --clear-pending-creates` (bench/crash-recovery.ts).
const adoptExisting = config.getBoolean("adoptExisting");

const livestreams = Array.from({ length: count }, (_, i) => new IndependentLivestream(`${prefix}-${i}`, { name: `${prefix}-${i}`, adoptExisting }));

export const livestreamCount = livestreams.length;
