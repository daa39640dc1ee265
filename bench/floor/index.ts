// The benchmarks' floor: `count` dynamic resources whose provider does nothing but wait the emulator's
// latency wherever IndependentLivestream makes a request (create, refresh; delete makes none). They
// have a livestream's shape: the same inputs and outputs stored (the stream key a secret), and the
// same outputs declared to the program (config `outputs`, from provider/types.ts), as any dynamic
// resource class that exposes its outputs declares them (the SDK makes a promise, with a captured
// stack, per declared property). So ours/floor is what our code costs, not what the engine and the
// SDK spend on the resource's shape.
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

const declared = Object.fromEntries(config.requireObject<string[]>("outputs").map((key) => [key, undefined]));
const inputs = (i: number) => ({ ...declared, index: i, name: `floor-${i}`, accountId: "023e105f4ecef8ad9ca31a8372d0c353", appId: "14a396e7-ca44-4937-bf1f-050a69118543" });
const secret = { additionalSecretOutputs: ["streamKey"] };
const sleepers = Array.from({ length: count }, (_, i) => new pulumi.dynamic.Resource(provider, `floor-${i}`, inputs(i), secret, "floor"));

export const sleeperCount = sleepers.length;
