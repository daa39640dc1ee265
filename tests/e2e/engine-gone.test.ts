/**
 * A provider ends with its engine (issue 24, defect 1): only the CLI's process group is SIGKILLed during
 * `pulumi up` of 20, as a closed terminal or `kill -9 <pulumi>` does, which leaves the provider processes
 * Pulumi started in groups of their own. Nothing reaches Cloudflare after the kill and no provider runs 5 s later.
 * @mostly-waiting: on the 5 s after the kill (see tests/setup/waiting-lane.js).
 */
import { DOORS, ENGINE_KILL_MOMENTS, EngineGoneReport, runEngineGone } from "../../bench/engine-gone";

jest.setTimeout(300_000);

describe.each(DOORS)("only the CLI's process group SIGKILLed during an up of 20 (%s)", (door) => {
  it("at each moment, incl. the settle wait after 503s: no POST half a second after the kill, no request a second later, no provider 5 s later", async () => {
    // The three runs mostly wait (held creates, the 5 s watched), so they run at once, each with its own emulator's faults.
    const reports = await Promise.all(ENGINE_KILL_MOMENTS.map((moment) => runEngineGone(door, moment)));
    const seen = (r: EngineGoneReport) => ({
      moment: r.moment, createsBeforeKill: r.createsBeforeKill, providerAtKill: r.providersAtKill > 0,
      postsAfterKill: r.postsAfterKill, lateRequests: r.lateRequests, providersLeft: r.providersLeft,
    });
    // A provider process found at the kill is what makes the last count able to fail.
    expect(reports.map(seen)).toEqual(ENGINE_KILL_MOMENTS.map((moment) => ({
      moment, createsBeforeKill: 5, providerAtKill: true, postsAfterKill: 0, lateRequests: 0, providersLeft: 0,
    })));
  });
});
