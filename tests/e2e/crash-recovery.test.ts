/**
 * SIGKILL of `pulumi up` of 20 livestreams under the real engine, at three points, then the README's
 * recovery (`pulumi cancel`, `realtimekit-recover`, `pulumi up`): all 20 in state, each created once.
 */
import { CrashReport, KillPoint, runCrashRecovery } from "../../bench/crash-recovery";

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
