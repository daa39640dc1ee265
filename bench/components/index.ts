// The engine's own floor for N resources: `count` ComponentResources, which make no provider call at
// all, so what a stack of N livestreams costs beyond this is the providers' (and the network's).
import * as pulumi from "@pulumi/pulumi";

const count = new pulumi.Config().requireNumber("count");

class Nothing extends pulumi.ComponentResource {
  constructor(name: string) {
    super("bench:index:Nothing", name);
    this.registerOutputs({});
  }
}

export const componentCount = Array.from({ length: count }, (_, i) => new Nothing(`component-${i}`)).length;
