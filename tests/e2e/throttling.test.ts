/** Sustained throttling under the real engine: 429s slow an update down, they do not fail it. */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { configure, expectNoPlainSecrets } from "../helpers/e2e";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(300_000);
const emulator = useEmulator();

it("creates all of 5 livestreams while the first 15 POSTs are answered 429, each exactly once", async () => {
  const stack = await PulumiStack.create("bench/fleet");
  try {
    await configure(stack, emulator);
    await stack.setConfig({ count: "5", prefix: "throttled" });
    await emulator.faults({ operation: "create_livestream", kind: "status", status: 429, retryAfterMs: 200, count: 15 });
    const { stdout } = await stack.up();
    const records = await emulator.livestreams();
    expect(records.map((r) => r.name).sort()).toEqual(["throttled-0", "throttled-1", "throttled-2", "throttled-3", "throttled-4"]);
    expect((await stack.resources()).map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(20);
    expect(stdout).toMatch(/POST \/accounts\/.+\/livestreams: Rate limited by Cloudflare\. .+; wait \d+ in 200 ms/);
    await expectNoPlainSecrets(stack, [TOKEN, ...records.map((r) => r.stream_key)]);
  } finally {
    stack.dispose();
  }
});
