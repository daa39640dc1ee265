/**
 * SIGKILL of `pulumi up` of 20 livestreams under the real engine, at three points, then the README's
 * recovery (`pulumi cancel`, `realtimekit-recover`, `pulumi up`): all 20 in state, each created once.
 */
import { CrashReport, KillPoint, recoverCommand, runCrashRecovery } from "../../bench/crash-recovery";
import type { FaultReport } from "../../emulator";
import { expectNoPlainSecrets, stackFor } from "../helpers/e2e";
import { TOKEN, useEmulator } from "../helpers/emulator";

jest.setTimeout(300_000);
const COUNT = 20;

function expectConverged(report: CrashReport): void {
  expect({
    inState: report.inState, creates: report.creates, duplicates: report.duplicates, orphans: report.orphans,
    lost: report.lost, olderTaken: report.olderTaken, secretsFound: report.secretsFound,
  }).toEqual({ inState: COUNT, creates: COUNT, duplicates: 0, orphans: 0, lost: 0, olderTaken: 0, secretsFound: 0 });
}

describe("recovering from a SIGKILL during pulumi up", () => {
  it("before any create was sent: nothing to recover, and the next up creates each livestream once", async () => {
    const report = await runCrashRecovery("before-creates", { count: COUNT });
    expect(report.createsBeforeKill).toBe(0);
    expect(report.recoveryOutput).toContain("nothing to do");
    expectConverged(report);
  });

  it("while Cloudflare commits creates Pulumi never saves: recovery writes those livestreams, not older namesakes", async () => {
    const report = await runCrashRecovery("creates-in-flight", { count: COUNT, olderNamesakes: true });
    expect(report.createsBeforeKill).toBe(10);
    expect(report.pendingAfterKill).toBe(10);
    expect(report.recoveryOutput).toContain("done: 10 written to state, 0 cleared");
    expect(report.recoveryOutput).not.toMatch(/[0-9a-f]{32}k[0-9a-f]{32}/); // no stream key printed
    expectConverged(report);
  });

  it.each(["random", "random"] as KillPoint[])("at a %s moment: all livestreams in state, none twice", async (point) => {
    const report = await runCrashRecovery(point, { count: COUNT, log: console.log });
    expectConverged(report);
  });
});

describe("when recovery cannot tell which livestream an interrupted create made", () => {
  const emulator = useEmulator();

  it("writes nothing, lists the candidates, and takes the one chosen with --adopt", async () => {
    const stack = await stackFor("examples/quickstart", emulator);
    try {
      await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 3000 });
      const up = stack.start(["up", "--yes", "--skip-preview"]);
      while ((await emulator.call<FaultReport>("GET", "/faults")).fired.delay < 1) await new Promise((r) => setTimeout(r, 50));
      up.kill();
      await up.result;
      while ((await emulator.livestreams()).length < 1) await new Promise((r) => setTimeout(r, 100));
      const [made] = await emulator.livestreams();
      const namesake = await emulator.seed({ name: made.name }); // someone else's, created after the update began
      const before = await stack.exportState();
      await stack.run(["cancel", "--yes"]);

      const refused = await stack.run([], { command: recoverCommand(), allowFailure: true });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`2 livestreams named '${made.name}' were created since`);
      expect(refused.stderr).toContain(made.id);
      expect(refused.stderr).toContain(namesake.id);
      expect(JSON.parse(await stack.exportState()).deployment).toEqual(JSON.parse(before).deployment);

      const [pending] = JSON.parse(before).deployment.pending_operations;
      await stack.run(["--adopt", `${pending.resource.urn}=${made.id}`], { command: recoverCommand() });
      await stack.up();
      expect((await stack.resources()).map((r) => r.id)).toEqual([made.id]);
      expect((await stack.outputs(true)).streamKey).toBe(made.stream_key);
      expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
      await expectNoPlainSecrets(stack, [TOKEN, made.stream_key, namesake.stream_key]);
    } finally {
      stack.dispose();
    }
  });
});
