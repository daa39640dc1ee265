// The benchmarks' floor: `count` dynamic resources whose provider does nothing but wait the emulator's
// latency wherever IndependentLivestream makes a request (create, refresh; delete makes none), so
// ours/floor is what our provider costs beyond the engine and the network.
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const latencyMs = config.requireNumber("latencyMs");

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return { id: inputs.name, outs: inputs };
  },
  async read(id, props) {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return { id, props };
  },
};

const sleepers = Array.from({ length: count }, (_, i) => new pulumi.dynamic.Resource(provider, `floor-${i}`, { name: `floor-${i}` }, undefined, "floor"));

export const sleeperCount = sleepers.length;
