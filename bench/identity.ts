/**
 * The create-identity hazards of issue 10, each run many times through createOnce (the part of the
 * provider that identifies a lost create; the provider's names check, before it, would refuse the
 * older namesake outright) against the emulator over HTTP, counting what must stay 0: an older livestream of the same name taken,
 * duplicates when the list hides names or Cloudflare's clock is far from ours, false "several
 * livestreams" conflicts when list pages shift under concurrent creates, duplicates when the list's
 * total under-reports (issue 18). Part of `npm run reliability`.
 */
import { DEFAULT_EMULATOR_TOKEN, FaultSpec, startEmulator, DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID } from "../emulator";
import { RealtimeKitClient } from "../provider/http/client";
import { createOnce } from "../provider/create/create-once";
import { controlPlane } from "./control-plane";

export interface IdentityReport {
  rounds: number;
  wrongAdoptions: number;
  duplicatesNamesHidden: number;
  duplicatesClockSkew: number;
  falseConflicts: number;
  duplicatesConcurrent: number;
  duplicatesTotalShort: number;
  /** Creates that failed otherwise, in any case: each must succeed. */
  otherFailures: number;
  /** Declared livestreams that Cloudflare does not hold after their create. */
  missing: number;
}

const scope = { accountId: ACCOUNT_ID, appId: APP_ID };

export async function runIdentity(rounds: number, log: (line: string) => void = () => undefined): Promise<IdentityReport> {
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  const records = async () => (await control("GET", "/livestreams")) as { id: string; name: string }[];
  const faults = (...specs: FaultSpec[]) => control("POST", "/faults", { faults: specs });
  const settings = (patch: object) => control("PATCH", "/settings", patch);
  const client = new RealtimeKitClient({ baseUrl: emulator.baseUrl, apiToken: DEFAULT_EMULATOR_TOKEN, timeoutMs: 2000 });
  const create = (name: string) => createOnce(client, scope, name, { settleMs: 2000, log: () => undefined });
  const report: IdentityReport = {
    rounds, wrongAdoptions: 0, duplicatesNamesHidden: 0, duplicatesClockSkew: 0, falseConflicts: 0, duplicatesConcurrent: 0,
    duplicatesTotalShort: 0, otherFailures: 0, missing: 0,
  };
  /** Copies of the livestream named so beyond the first; none at all counts as missing. */
  const extraCopies = async (name: string) => {
    const copies = (await records()).filter((r) => r.name === name).length;
    if (copies === 0) report.missing++;
    return Math.max(0, copies - 1);
  };
  /** A create that must succeed: a failure is counted, not thrown, so every case still runs. */
  const settled = async (name: string) => create(name).catch(() => {
    report.otherFailures++;
    return undefined;
  });
  try {
    for (let round = 1; round <= rounds; round++) {
      await control("POST", "/reset");
      // An older livestream of the name (a replace's old one), then a create whose POST is lost.
      const older = (await control("POST", "/livestreams", { name: `older-${round}`, created_at: new Date(Date.now() - 30_000).toISOString() })) as { id: string };
      await faults(round % 2 ? { operation: "create_livestream", kind: "reset-before" } : { operation: "create_livestream", kind: "status", status: 503 });
      if ((await settled(`older-${round}`))?.livestreamId === older.id) report.wrongAdoptions++;

      // The list answers "name": null; the lost create must be found by reading ids, not posted again.
      await settings({ listNames: round % 2 ? "null" : "absent" });
      await faults({ operation: "create_livestream", kind: "reset-after" });
      await settled(`hidden-${round}`);
      report.duplicatesNamesHidden += await extraCopies(`hidden-${round}`);
      await settings({ listNames: "echo" });

      // Cloudflare's clock 10 minutes behind or ahead of ours.
      await settings({ clockOffsetMs: (round % 2 ? -1 : 1) * 10 * 60_000 });
      await faults({ operation: "create_livestream", kind: "reset-after" });
      await settled(`skewed-${round}`);
      report.duplicatesClockSkew += await extraCopies(`skewed-${round}`);
      await settings({ clockOffsetMs: 0 });

      // Twenty creates at once: four lose their answers, the others land one by one while those
      // four page through a newest-first list of pages of 2.
      await settings({ maxPerPage: 2, latencyMs: 10 });
      await faults(
        { operation: "create_livestream", kind: "reset-after", count: 4 },
        ...Array.from({ length: 16 }, (_, i): FaultSpec => ({ operation: "create_livestream", kind: "delay", ms: 30 + 25 * i })),
      );
      const names = Array.from({ length: 20 }, (_, i) => `busy-${round}-${i}`);
      const results = await Promise.allSettled(names.map(create));
      const rejected = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
      const conflicts = rejected.filter((reason) => /livestreams of that name/.test(reason)).length;
      report.falseConflicts += conflicts;
      report.otherFailures += rejected.length - conflicts;
      for (const name of names) report.duplicatesConcurrent += await extraCopies(name);
      await settings({ maxPerPage: null, latencyMs: 0 });

      // The list's paging.total_count one short, pages of 1: a lost create's livestream sits on page 2, behind one
      // created after it, and is the last in its window (so the app is emptied first; the cases above are counted).
      await control("POST", "/reset");
      await settings({ totalCountShortBy: 1, maxPerPage: 1 });
      await control("POST", "/livestreams", { name: `newer-${round}`, created_at: new Date(Date.now() + 60_000).toISOString() });
      await faults({ operation: "create_livestream", kind: "reset-after" });
      await settled(`short-${round}`);
      report.duplicatesTotalShort += await extraCopies(`short-${round}`);
      await settings({ totalCountShortBy: 0, maxPerPage: null });
      log(`identity round ${round}/${rounds} done`);
    }
  } finally {
    await emulator.close();
  }
  return report;
}

export function identityRows(report: IdentityReport): [string, number][] {
  return [
    [`identity rounds (each case below, ${report.rounds} times)`, report.rounds],
    ["wrong adoptions (an older livestream taken)", report.wrongAdoptions],
    ["duplicates, list without names", report.duplicatesNamesHidden],
    ["duplicates, Cloudflare's clock 10 min off", report.duplicatesClockSkew],
    ["false conflicts from shifting pages", report.falseConflicts],
    ["duplicates, 20 concurrent creates", report.duplicatesConcurrent],
    ["duplicates, the list's total one short", report.duplicatesTotalShort],
    ["creates failed otherwise, any case above", report.otherFailures],
    ["livestreams missing after their create", report.missing],
  ];
}
