/**
 * SIGKILL of `pulumi up` of 20 livestreams under the real engine, at three points, then docs/crash-recovery.md's
 * recovery (`pulumi cancel`, `realtimekit-recover`, `pulumi up`): all 20 in state, each created once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CrashOptions, CrashReport, FollowReport, KillPoint, recoverCommand, runCrashRecovery, runLateResendRecovery, runUpDuringRecoveryWait,
} from "../../bench/crash-recovery";
import type { FaultReport } from "../../emulator";
import { configure, expectNoPlainSecrets, stackFor } from "../helpers/e2e";
import { EmulatorControl, EmulatorLivestream, TOKEN, useEmulator } from "../helpers/emulator";
import { PulumiStack, RunResult } from "../../scripts/pulumi-stack";
import { root } from "../../scripts/pulumi-env";
import { PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";
import { explicitProviderStack, yamlStackFor } from "../helpers/plugin";
import { expectTwoCreatesRecovered, killWhileCreating } from "../helpers/crash";
import { ownCase, sideBySideInFile } from "../helpers/side-by-side";
import { DOORS } from "../../bench/engine-gone";

jest.setTimeout(300_000);
const COUNT = 20;
// Every case waits on holds, kills and settle windows more than on the CPU: all run side by side, five at a time, each
// with its own emulator and stack (the fleet runs' names are the same: crash-0 ... crash-19).
const cases = sideBySideInFile(5);

function expectConverged(report: CrashReport): void {
  expect({
    inState: report.inState, creates: report.creates, duplicates: report.duplicates, orphans: report.orphans,
    lost: report.lost, olderTaken: report.olderTaken, secretsFound: report.secretsFound,
  }).toEqual({ inState: COUNT, creates: COUNT, duplicates: 0, orphans: 0, lost: 0, olderTaken: 0, secretsFound: 0 });
}

describe("recovering from a SIGKILL during pulumi up", () => {
  /** A `pulumi up` of COUNT killed at `point`, then recovered, with an emulator and a temporary folder of its own. */
  const run = (point: KillPoint, options: CrashOptions = {}): Promise<CrashReport> => ownCase((_emulator, env) => runCrashRecovery(point, { count: COUNT, env, ...options }));

  cases.it("before any create was sent: nothing to recover, and the next up creates each livestream once", async () => {
    const report = await run("before-creates");
    expect(report.createsBeforeKill).toBe(0);
    expect(report.recoveryOutput).toContain("nothing to do");
    expectConverged(report);
  });

  cases.it("while Cloudflare commits creates Pulumi never saves: recovery writes those livestreams, not older namesakes", async () => {
    const report = await run("creates-in-flight", { olderNamesakes: true });
    expect(report.createsBeforeKill).toBe(10);
    expect(report.pendingAfterKill).toBe(10);
    expect(report.recoveryOutput).toContain("done: 10 written to state, 0 cleared");
    expect(report.recoveryOutput).not.toMatch(/[0-9a-f]{32}k[0-9a-f]{32}/); // no stream key printed
    expectConverged(report);
  });

  cases.it("after Cloudflare committed creates whose answers it still held: recovery writes those livestreams, not older namesakes", async () => {
    const report = await run("committed-unanswered", { olderNamesakes: true });
    expect(report.createsBeforeKill).toBe(10);
    expect(report.pendingAfterKill).toBe(10);
    expect(report.recoveryOutput).toContain("done: 10 written to state, 0 cleared");
    expectConverged(report);
  });

  cases.it("when docs/crash-recovery.md's steps run right after the kill, while Cloudflare still commits: recovery waits, then writes those livestreams", async () => {
    const report = await run("creates-in-flight", { olderNamesakes: true, recoverAtOnce: true });
    expect(report.createsBeforeKill).toBe(10);
    expect(report.recoveryOutput).toContain("waiting");
    expect(report.recoveryOutput).toContain("done: 10 written to state, 0 cleared");
    expectConverged(report);
  });

  cases.it("when the kill lands while Pulumi's file backend writes the state's sidecar: docs/crash-recovery.md's step for 'EOF' first", async () => {
    const report = await run("creates-in-flight", { sidecarEmptiedAtKill: true });
    expect(report.sidecarsRemoved).toBe(1);
    expect(report.recoveryOutput).toContain("done: 10 written to state, 0 cleared");
    expectConverged(report);
  });

  cases.it("then 'pulumi cancel' and 'pulumi up' without recovery: the up refuses each name Cloudflare holds, posting nothing for them, and the recovery it points to converges", async () => {
    const report = await run("committed-unanswered", { olderNamesakes: true, afterKill: "cancel-up" });
    expect(report.olderSeeded).toBe(10);
    // A refusal at check stops the update there (the engine fails the program), so at least one is refused and none posted.
    expect(report.refusedNames).toBeGreaterThanOrEqual(1);
    expect(report.postsForHeldNames).toBe(0);
    expect(report.recoveryOutput).toContain("done: 10 written to state");
    expectConverged(report);
  });

  cases.it("then 'pulumi refresh --clear-pending-creates' and 'pulumi up': the up refuses each name Cloudflare holds, and the recovery it points to finds them from the program, not older namesakes", async () => {
    const report = await run("creates-in-flight", { olderNamesakes: true, afterKill: "clear-pending-up" });
    expect(report.olderSeeded).toBe(10);
    expect(report.pendingAfterKill).toBe(10);
    expect(report.refusedNames).toBeGreaterThanOrEqual(1);
    expect(report.postsForHeldNames).toBe(0);
    expect(report.recoveryOutput).toContain("no interrupted create in this stack's state; looking for the");
    expect(report.recoveryOutput).toContain("done: 10 written to state;");
    expectConverged(report);
  });

  for (let i = 0; i < 2; i++) {
    cases.it("at a random moment: all livestreams in state, none twice", async () => expectConverged(await run("random", { log: console.log })));
  }
});

describe("recovery's wait and write, where review found them open", () => {
  const damage = (r: FollowReport) => ({ inState: r.inState, duplicates: r.duplicates, orphans: r.orphans, lost: r.lost, heldTwice: r.heldTwice });

  // Each run has its own emulator (so its own name locks and marks).
  for (const door of DOORS) cases.it(`waits out a create sent again late (after a 429's Retry-After) until its mark has settled, and writes what it made instead of clearing it (${door})`, async () => {
    const report = await runLateResendRecovery(door, 3);
    expect(damage(report)).toEqual({ inState: 3, duplicates: 0, orphans: 0, lost: 0, heldTwice: 0 });
    expect(report.recoveryOutput).toMatch(/waiting \d+ s, until the create of 'late-\d' that process \d+ of this machine last sent at \S+ has settled/);
    expect(report.recoveryOutput).toContain("done: 3 written to state, 0 cleared");
  });

  cases.it("never writes over a 'pulumi up' run while it waits: it refuses, writing nothing, and run again as told writes the interrupted create's livestream", async () => {
    const report = await runUpDuringRecoveryWait();
    expect(damage(report)).toEqual({ inState: 2, duplicates: 0, orphans: 0, lost: 0, heldTwice: 0 });
    expect(report.recoveryRefusals).toBe(1);
    expect(report.recoveryOutput).toContain("done: 1 written to state, 0 cleared");
  });
});

describe("recovering one interrupted create of the quickstart", () => {
  interface QuickstartCase {
    emulator: EmulatorControl;
    stack: PulumiStack;
    /** realtimekit-recover of the stack, as users run it. */
    recover: (args?: string[], allowFailure?: boolean) => Promise<RunResult>;
    /** `pulumi up` killed while Cloudflare holds its create, which it commits after the kill; then `pulumi cancel`. */
    killOneWhileCreating: () => Promise<{ made: EmulatorLivestream; pendingUrn: string }>;
  }
  /** A case on a fresh quickstart stack, with an emulator of its own. */
  const quickstartCase = (title: string, body: (c: QuickstartCase) => Promise<void>) => cases.it(title, () => ownCase(async (emulator, env) => {
    const stack = await stackFor("examples/quickstart", emulator, "test", env);
    try {
      await body({
        emulator, stack,
        recover: (args = [], allowFailure = false) => stack.run(args, { command: recoverCommand(), allowFailure }),
        killOneWhileCreating: async () => {
          const [made] = await killWhileCreating(stack, emulator, 1);
          const [pending] = JSON.parse(await stack.exportState()).deployment.pending_operations;
          return { made, pendingUrn: pending.resource.urn };
        },
      });
    } finally {
      stack.dispose();
    }
  }));

  quickstartCase("run at once, while Cloudflare still commits the create, waits out the settle window and writes it instead of clearing it", async ({ emulator, stack, recover }) => {
    // Cloudflare commits the create 10 s after receiving it, inside the 20 s settle window.
    await stack.setConfig({ "realtimekit:createSettleSeconds": "20" });
    await emulator.faults({ operation: "create_livestream", kind: "delay", ms: 10_000 });
    const up = stack.start(["up", "--yes", "--skip-preview"]);
    while ((await emulator.call<FaultReport>("GET", "/faults")).fired.delay < 1) await sleep(50);
    up.kill();
    await up.result;
    await stack.run(["cancel", "--yes"]);

    const { stdout } = await recover();
    // Its POST went out after the state's last write (the engine records the pending create first): its mark's window ends later.
    expect(stdout).toMatch(/waiting \d+ s, until the create of '\S+' that process \d+ of this machine last sent at \S+ has settled/);
    const [made] = await emulator.livestreams();
    expect(stdout).toMatch(takenLine(made));
    await stack.up();
    expect((await stack.resources()).map((r) => r.id)).toEqual([made.id]);
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
  });

  quickstartCase("writes nothing when it cannot tell, lists the candidates, and takes the one chosen with --adopt", async ({ emulator, stack, recover, killOneWhileCreating }) => {
    const { made, pendingUrn } = await killOneWhileCreating();
    const namesake = await emulator.seed({ name: made.name }); // someone else's, created after the update began
    const before = JSON.parse(await stack.exportState()).deployment;

    const refused = await recover([], true);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`2 livestreams named '${made.name}' were created since`);
    expect(refused.stderr).toContain(made.id);
    expect(refused.stderr).toContain(namesake.id);
    expect(JSON.parse(await stack.exportState()).deployment).toEqual(before);

    await recover(["--adopt", `${pendingUrn}=${made.id}`]);
    await stack.up();
    expect((await stack.resources()).map((r) => r.id)).toEqual([made.id]);
    expect((await stack.outputs(true)).streamKey).toBe(made.stream_key);
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
    await expectNoPlainSecrets(stack, [TOKEN, made.stream_key, namesake.stream_key]);
  });

  quickstartCase("explains the 'EOF' of a state whose sidecar a kill emptied, and recovers once docs/crash-recovery.md's step removed it", async ({ stack, recover, killOneWhileCreating }) => {
    const { made } = await killOneWhileCreating();
    fs.writeFileSync(`${stack.stateFile()}.attrs`, "");
    const refused = await recover([], true);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("failed to load checkpoint: EOF");
    expect(refused.stderr).toContain("find <backend folder>/.pulumi -name '*.attrs' -empty -print -delete");
    expect(stack.removeEmptySidecars()).toBe(1);
    expect((await recover()).stdout).toMatch(takenLine(made));
  });

  quickstartCase("still finds the livestream after a pulumi refresh, which Pulumi's own warning suggests, ran first", async ({ emulator, stack, recover, killOneWhileCreating }) => {
    const { made } = await killOneWhileCreating();
    await stack.refresh();
    // The refresh is in history, started after the create: counting it as an update would hide the livestream.
    const history = JSON.parse((await stack.run(["stack", "history", "--json"])).stdout) as { kind: string; startTime: string }[];
    expect(history.map((h) => h.kind)).toEqual(["refresh"]);
    expect(Date.parse(history[0].startTime)).toBeGreaterThan(Date.parse(made.created_at) - 1000);
    expect((await recover()).stdout).toMatch(takenLine(made));
    await stack.up();
    expect((await stack.resources()).map((r) => r.id)).toEqual([made.id]);
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
  });

  quickstartCase("writes the new livestream of a replace killed on a stack with history, not mistaking the old one for one made again", async ({ emulator, stack, recover, killOneWhileCreating }) => {
    await stack.up();
    const [old] = await emulator.livestreams();
    await stack.setConfig({ "realtimekit:appId": OTHER_APP_ID }); // the app changes: the livestream is replaced
    const { made } = await killOneWhileCreating();
    expect(made.app_id).toBe(OTHER_APP_ID);
    expect((await recover()).stdout).toMatch(takenLine(made));
    await stack.up();
    expect((await stack.resources()).map((r) => r.id)).toEqual([made.id]);
    expect((await emulator.livestreams()).map((l) => l.id).sort()).toEqual([old.id, made.id].sort());
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(2);
  });

  quickstartCase("refuses 'up --replace' of a livestream that keeps its name, posting nothing: there is no second create to lose", async ({ emulator, stack }) => {
    await stack.up();
    const [old] = await emulator.livestreams();
    const [resource] = await stack.resources();
    const refused = await stack.run(["up", "--yes", "--skip-preview", "--replace", resource.urn], { allowFailure: true });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain(`already has a livestream named '${old.name}': ${old.id}`);
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
    expect((await stack.resources()).map((r) => r.id)).toEqual([old.id]);
    expect(JSON.parse(await stack.exportState()).deployment.pending_operations ?? []).toEqual([]);
  });

  quickstartCase("for a create recorded without a start (older state), reads every page of history: eleven refreshes hide no update, and an older namesake is neither taken nor repeated", async ({ emulator, stack, recover, killOneWhileCreating }) => {
    await stack.up();
    await stack.setConfig({ "realtimekit:appId": OTHER_APP_ID }); // the app changes: the livestream is replaced
    const { made } = await killOneWhileCreating();
    await emulator.vanish(made.id); // as if the POST had never reached Cloudflare
    // A namesake in the new app, forgotten by an earlier destroy 20 days ago, on a stack older than that.
    const namesake = await emulator.seed({ name: made.name, app_id: OTHER_APP_ID, created_at: new Date(Date.now() - 20 * 86_400_000).toISOString() });
    // Edited in the backend's file: 'pulumi stack import' would drop the pending create.
    const file = JSON.parse(fs.readFileSync(stack.stateFile(), "utf8"));
    const { latest } = file.checkpoint;
    latest.resources.find((r: { type: string }) => r.type === "pulumi:pulumi:Stack").created = new Date(Date.now() - 30 * 86_400_000).toISOString();
    delete latest.pending_operations[0].resource.inputs.createStartedAt; // as an older provider recorded it
    fs.writeFileSync(stack.stateFile(), JSON.stringify(file));
    for (let i = 0; i < 11; i++) await stack.refresh();

    const { stdout } = await recover();
    expect(stdout).toContain(`'${made.name}' was not created`);
    expect(stdout).not.toContain(`was created as ${namesake.id}`);
    // Named only as what the next up refuses, with what takes the name instead.
    expect(stdout).toContain(`'pulumi up' refuses the name '${made.name}', which its app holds: ${namesake.id}`);
    expect(stdout).toContain(`set 'adoptLivestreamId: ${namesake.id}' (or 'adoptExisting: true') on the resource`);
    // The next up neither takes the namesake nor makes a second livestream of its name.
    const refused = await stack.up({ allowFailure: true });
    expect(refused.stdout).toContain(`already has a livestream named '${made.name}': ${namesake.id}`);
    expect((await emulator.livestreams()).filter((l) => l.app_id === OTHER_APP_ID).map((l) => l.id)).toEqual([namesake.id]);
  });

  quickstartCase("for a create recorded without a start, refuses when history has no update to start from, and takes the livestream chosen with --adopt", async ({ stack, recover, killOneWhileCreating }) => {
    const { made, pendingUrn } = await killOneWhileCreating(); // the stack's first update
    const file = JSON.parse(fs.readFileSync(stack.stateFile(), "utf8"));
    delete file.checkpoint.latest.pending_operations[0].resource.inputs.createStartedAt; // as an older provider recorded it
    fs.writeFileSync(stack.stateFile(), JSON.stringify(file));
    await stack.refresh(); // history: one refresh, no update

    const refused = await recover([], true);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the stack's history shows no update, destroy or import to start looking from");
    expect(refused.stderr).toContain(pendingUrn);
    expect((await recover(["--adopt", `${pendingUrn}=${made.id}`])).stdout).toContain(`'${made.name}' is ${made.id}, as chosen; writing it to state`);
    await stack.up();
    expect((await stack.resources()).map((r) => r.id)).toEqual([made.id]);
  });

  quickstartCase("'pulumi cancel' and 'pulumi up' without it are refused, posting nothing; the recovery the refusal names then writes the livestream", async ({ emulator, stack, recover, killOneWhileCreating }) => {
    const { made } = await killOneWhileCreating();
    const refused = await stack.up({ allowFailure: true });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain(`already has a livestream named '${made.name}': ${made.id}`);
    expect(refused.stdout).toContain("run 'realtimekit-recover'");
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
    expect((await recover()).stdout).toMatch(takenLine(made));
    await stack.up();
    expect((await stack.resources()).map((r) => r.id)).toEqual([made.id]);
    expect(await emulator.livestreams()).toHaveLength(1);
  });

  quickstartCase("after a duplicate was made anyway (an older version's up, a script), names it by both ids, which one the state holds, and nothing as missing", async ({ emulator, stack, recover, killOneWhileCreating }) => {
    const { made } = await killOneWhileCreating();
    // What an up of an older version did: created the name again and saved that one, leaving the pending create.
    const again = await emulator.seed({ name: made.name });
    const file = JSON.parse(fs.readFileSync(stack.stateFile(), "utf8"));
    const { latest } = file.checkpoint;
    const { resource: pending } = latest.pending_operations[0];
    const inputs = { ...pending.inputs, createStartedAt: new Date().toISOString() }; // the later update's own create
    latest.resources.push({ ...pending, id: again.id, inputs, outputs: { ...inputs, livestreamId: again.id, name: made.name } });
    fs.writeFileSync(stack.stateFile(), JSON.stringify(file));

    const { stdout } = await recover();
    expect(stdout).toContain(`'${made.name}' exists twice in Cloudflare, a duplicate the API cannot delete: ${made.id} (created ${made.created_at}`);
    expect(stdout).toContain(`and ${again.id} (made again after the crash; the state holds it)`);
    expect(stdout).toContain("done: 0 written to state, 1 cleared; nothing is missing");
    expect(stdout).not.toContain("run 'pulumi up'");
    expect(JSON.parse(await stack.exportState()).deployment.pending_operations ?? []).toEqual([]);
    expect((await stack.resources()).map((r) => r.id)).toEqual([again.id]);
  });

  quickstartCase("is not done by Pulumi's own refresh --import-pending-creates, which drops it without asking the provider", async ({ emulator, stack, killOneWhileCreating }) => {
    const { made, pendingUrn } = await killOneWhileCreating();
    const callsBefore = (await emulator.calls()).length;
    // Exits 0 and warns of nothing (v3.259.0 and v3.276.0 alike), yet the livestream never reaches state.
    const refreshed = await stack.run(["refresh", "--yes", "--skip-preview", "--import-pending-creates", pendingUrn, "--import-pending-creates", made.id]);
    expect(refreshed.stdout + refreshed.stderr).not.toMatch(/warning|pending/i);
    expect(JSON.parse(await stack.exportState()).deployment.pending_operations ?? []).toEqual([]);
    expect(await stack.resources()).toEqual([]);
    expect((await emulator.calls()).length).toBe(callsBefore); // no read of the livestream
  });

  quickstartCase("clears a create Cloudflare never made, and the next up creates it once, without the engine's pending-operations warning", async ({ emulator, stack, recover, killOneWhileCreating }) => {
    const { made } = await killOneWhileCreating();
    await emulator.vanish(made.id); // as if the POST had never reached Cloudflare
    const before = JSON.parse(await stack.exportState()).deployment;
    expect((await recover(["--dry-run"])).stdout).toContain("dry run: nothing written");
    expect(JSON.parse(await stack.exportState()).deployment).toEqual(before);
    const { stdout } = await recover();
    expect(stdout).toContain(`'${made.name}' was not created`);
    expect(stdout).toContain("done: 0 written to state, 1 cleared");
    const { stdout: upOutput } = await stack.up();
    expect(upOutput).not.toContain("pending operations");
    const [created] = await emulator.livestreams();
    expect((await stack.resources()).map((r) => r.id)).toEqual([created.id]);
    expect(JSON.parse(await stack.exportState()).deployment.pending_operations ?? []).toEqual([]);
  });
});

describe("recovering the interrupted creates of a Pulumi YAML stack (the plugin door)", () => {
  /** A case on a fresh YAML quickstart stack, with an emulator of its own. */
  const yamlCase = (body: (stack: PulumiStack, emulator: EmulatorControl) => Promise<void>) => () => ownCase(async (emulator, env) => {
    const stack = await yamlStackFor("examples/yaml-quickstart", emulator, "test", env);
    try {
      await body(stack, emulator);
    } finally {
      stack.dispose();
    }
  });

  for (const [way, before] of [
    ["pulumi cancel + pulumi up", []],
    ["pulumi refresh --clear-pending-creates + pulumi up", ["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]],
  ] as [string, string[]][]) cases.it(`refuses ${way}, posting nothing for the names Cloudflare holds; the recovery the refusal names then writes both`, yamlCase(async (stack, emulator) => {
    const made = await killWhileCreating(stack, emulator, 2);
    if (before.length > 0) await stack.run(before);
    const refused = await stack.run(["up", "--yes", "--skip-preview", "--continue-on-error"], { allowFailure: true });
    expect(refused.code).not.toBe(0);
    // Refused at the first name checked, which stops the update; nothing is posted for either.
    expect(made.some((l) => refused.stdout.includes(`already has a livestream named '${l.name}': ${l.id}`))).toBe(true);
    expect(refused.stdout).toContain("run 'realtimekit-recover'");
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(2);
    expect(await emulator.livestreams()).toHaveLength(2);

    expect((await stack.run([], { command: recoverCommand() })).stdout).toContain("done: 2 written to state");
    expect((await stack.up()).stdout).not.toMatch(/\+ \d+ created/);
    expect((await stack.resources(PLUGIN_TYPE_TOKEN)).map((r) => r.id).sort()).toEqual(made.map((l) => l.id).sort());
    expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(2);
    await expectNoPlainSecrets(stack, [TOKEN, ...made.map((l) => l.stream_key)]);
  }));

  cases.it("writes both livestreams Cloudflare made to state, and the next up creates nothing", yamlCase(expectTwoCreatesRecovered));

  cases.it("is not done by Pulumi's own refresh --import-pending-creates, which drops them without asking the plugin (as for the dynamic door)", yamlCase(async (stack, emulator) => {
    await emulator.faults({ operation: "create_livestream", kind: "hold", ms: 8000, count: 2 });
    const up = stack.start(["up", "--yes", "--skip-preview"]);
    while ((await emulator.livestreams()).length < 2) await sleep(50);
    up.kill();
    await up.result;
    await stack.run(["cancel", "--yes"]);
    const pending = JSON.parse(await stack.exportState()).deployment.pending_operations as { resource: { urn: string; inputs: { name: string } } }[];
    expect(pending).toHaveLength(2);
    const made = await emulator.livestreams();
    const pairs = pending.flatMap((p) => [p.resource.urn, made.find((l) => l.name === p.resource.inputs.name)!.id]);
    // The held answers are logged once written, to a client already gone; then the log holds still.
    while ((await emulator.calls()).filter((c) => c === "POST create_livestream").length < 2) await sleep(100);
    const callsBefore = (await emulator.calls()).length;

    await stack.run(["refresh", "--yes", "--skip-preview", ...pairs.flatMap((value) => ["--import-pending-creates", value])]);
    const after = JSON.parse(await stack.exportState()).deployment;
    expect(after.pending_operations ?? []).toEqual([]);
    expect(await stack.resources(PLUGIN_TYPE_TOKEN)).toEqual([]);
    expect((await emulator.calls()).length).toBe(callsBefore); // no read of either livestream
  }));

  cases.it("through an explicit provider: reads that provider's settings from state, not the stack's (it has none)", () => ownCase(async (emulator, env) => {
    const stack = await explicitProviderStack(emulator, env);
    try {
      await stack.setConfig({ studioToken: TOKEN }, true);
      await emulator.faults({ operation: "create_livestream", kind: "hold", ms: 6000 });
      const up = stack.start(["up", "--yes", "--skip-preview"]);
      while ((await emulator.livestreams()).length < 1) await sleep(50);
      up.kill();
      await up.result;
      // The held answer is logged once the emulator has written it, to a client already gone.
      while (!(await emulator.calls()).includes("POST create_livestream")) await sleep(100);
      await stack.run(["cancel", "--yes"]);
      expect(JSON.parse(await stack.exportState()).deployment.pending_operations).toHaveLength(1);

      const { stdout } = await stack.run([], { command: recoverCommand() });
      expect(stdout).toContain("done: 1 written to state, 0 cleared");
      expect((await stack.up()).stdout).not.toMatch(/\+ \d+ created/);
      const [made] = await emulator.livestreams();
      expect((await stack.resources(PLUGIN_TYPE_TOKEN)).map((r) => r.id)).toEqual([made.id]);
      expect((await emulator.calls()).filter((c) => c === "POST create_livestream")).toHaveLength(1);
      expect((await stack.outputs(true)).streamKey).toBe(made.stream_key);
      expect(stdout).not.toContain(made.stream_key);
      await expectNoPlainSecrets(stack, [TOKEN, made.stream_key]);
    } finally {
      stack.dispose();
    }
  }));
});

describe("a file backend URL with ?metadata=skip, which docs/crash-recovery.md suggests against the empty sidecar", () => {
  const emulator = useEmulator();

  it("keeps a stack's state and history with no .attrs file for a kill to leave empty", async () => {
    const dir = fs.mkdtempSync(path.join(root, ".work", "e2e", "metadata-skip-"));
    const stack = await PulumiStack.create("examples/quickstart", { dir, env: { PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}?metadata=skip` } });
    try {
      await configure(stack, emulator);
      await stack.up();
      await stack.refresh();
      expect(fs.existsSync(stack.stateFile())).toBe(true);
      expect(fs.readdirSync(path.join(dir, "state"), { recursive: true }).filter((f) => String(f).endsWith(".attrs"))).toEqual([]);
      expect((await stack.resources()).map((r) => r.id)).toEqual((await emulator.livestreams()).map((l) => l.id));
      const history = JSON.parse((await stack.run(["stack", "history", "--json"])).stdout) as { kind: string }[];
      expect(history.map((h) => h.kind)).toEqual(["refresh", "update"]);
    } finally {
      stack.dispose();
    }
  });
});

const OTHER_APP_ID = "0b1e3f5a-4c2d-4e6f-8a9b-123456789abc";
/** What recovery says when it writes a livestream it found: never that it predates the crash, which a late commit may not. */
const takenLine = (made: EmulatorLivestream) =>
  new RegExp(`'${made.name}' was created as ${made.id} at \\S+, after this create began \\(\\S+\\), and no stack of this backend holds it; writing it to state`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
