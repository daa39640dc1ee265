/**
 * A smaller round of `npm run reliability` (which creates 200): faults of every kind, zero damage.
 * @mostly-waiting: on fault windows and settle windows (see tests/setup/waiting-lane.js).
 */
import { runIdentity } from "../../bench/identity";
import { formatReport, runReliability } from "../../bench/reliability";

jest.setTimeout(600_000);
// Each round has an emulator of its own and waits on faults and settle windows: the two run side by side.

it.concurrent("creates every livestream exactly once under mixed faults, and leaks no secret", async () => {
  const count = 25;
  const report = await runReliability({ count, parallel: 10, faultEveryMs: 200, createSettleSeconds: 8 });
  console.log(formatReport(report, count));
  expect(report.inState).toBe(count);
  expect(report.createsAttempted).toBeGreaterThanOrEqual(count);
  expect(Object.values(report.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect({ duplicates: report.duplicates, orphans: report.orphans, lost: report.lost, secretsFound: report.secretsFound }).toEqual({
    duplicates: 0, orphans: 0, lost: 0, secretsFound: 0,
  });
});

it.concurrent("takes no older livestream, and neither duplicates nor conflicts, in rounds of every identity hazard", async () => {
  const report = await runIdentity(3);
  expect(report).toEqual({
    rounds: 3, wrongAdoptions: 0, duplicatesNamesHidden: 0, duplicatesClockSkew: 0, falseConflicts: 0, duplicatesConcurrent: 0, duplicatesTotalShort: 0, otherFailures: 0, missing: 0,
  });
});
