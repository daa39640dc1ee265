// The benchmarks' floor: `count` dynamic resources whose provider does nothing but wait the emulator's
// latency wherever IndependentLivestream makes a request (create, refresh; delete makes none). They
// store what a livestream stores (the same inputs and outputs, the stream key a secret), so that
// ours/floor is what our provider's code costs, not what the engine spends on bigger state.
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const latencyMs = config.requireNumber("latencyMs");

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const id = `00000000-0000-4000-8000-${String(inputs.index).padStart(12, "0")}`;
    const facts = {
      livestreamId: id, ingestServer: "rtmps://live.cloudflare.com:443/live/", streamKey: `${"0".repeat(32)}k${id.replace(/-/g, "")}`,
      playbackUrl: `https://customer-floor.cloudflarestream.com/${id.replace(/-/g, "")}/manifest/video.m3u8`, status: "INVOKED", disabled: false,
    };
    return { id, outs: { ...inputs, ...facts } };
  },
  async read(id, props) {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return { id, props };
  },
};

const inputs = (i: number) => ({ index: i, name: `floor-${i}`, accountId: "023e105f4ecef8ad9ca31a8372d0c353", appId: "14a396e7-ca44-4937-bf1f-050a69118543" });
const secret = { additionalSecretOutputs: ["streamKey"] };
const sleepers = Array.from({ length: count }, (_, i) => new pulumi.dynamic.Resource(provider, `floor-${i}`, inputs(i), secret, "floor"));

export const sleeperCount = sleepers.length;
