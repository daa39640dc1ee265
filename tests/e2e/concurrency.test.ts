/**
 * Two `pulumi up` on one stack at once: the backend's lock refuses the second; nothing is lost.
 * @mostly-waiting: on the create the emulator holds 6 s (see tests/setup/waiting-lane.js).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { useEmulator } from "../helpers/emulator";
import { stackFor } from "../helpers/e2e";

jest.setTimeout(120_000);
const emulator = useEmulator();

it("refuses a second concurrent update and keeps state consistent", async () => {
  const stack = await stackFor("examples/quickstart", emulator);
  try {
    // Hold the first update inside its create long enough for the second to start.
    await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 6000 });
    const first = stack.up({ allowFailure: true });
    // Start the second once the first holds the backend's lock (a file under the state folder).
    const locks = path.join(stack.dir, "state", ".pulumi", "locks");
    const locked = () => fs.existsSync(locks) && fs.readdirSync(locks, { recursive: true }).some((f) => String(f).endsWith(".json"));
    while (!locked()) await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await stack.up({ allowFailure: true });
    const firstResult = await first;

    expect(firstResult.code).toBe(0);
    expect(second.code).not.toBe(0);
    expect(second.stdout + second.stderr).toContain("error: the stack is currently locked by 1 lock(s)");
    const records = await emulator.livestreams();
    expect(records).toHaveLength(1);
    expect((await stack.resources()).map((r) => r.id)).toEqual([records[0].id]);
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
  } finally {
    stack.dispose();
  }
});
