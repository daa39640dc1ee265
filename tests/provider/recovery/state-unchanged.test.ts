/** Recovery's write refused when another command wrote the stack's state since recovery read it. */
import { ExportedStack } from "../../../provider/recovery/pending-creates";
import { RecoveryConflictError } from "../../../provider/recovery/recover";
import { expectUnchanged } from "../../../provider/recovery/state-unchanged";
import { DYNAMIC_TYPE_TOKEN } from "../../../provider/engine/tokens";

const urn = (name: string) => `urn:pulumi:dev::p::pulumi-nodejs:dynamic/realtimekit:IndependentLivestream::${name}`;
const state = (time: string, ids: string[], pending: string[] = []): ExportedStack => ({
  version: 3,
  deployment: {
    manifest: { time },
    resources: ids.map((id) => ({ urn: urn(id), type: DYNAMIC_TYPE_TOKEN, id })),
    pending_operations: pending.map((name) => ({ type: "creating", resource: { urn: urn(name), type: DYNAMIC_TYPE_TOKEN } })),
  },
});

describe("recovery's write of the state it read", () => {
  const read = state("2026-12-07T03:00:00Z", ["a"], ["b"]);

  it("goes ahead when only the state's write time moved (a refresh that changed nothing)", () => {
    expect(() => expectUnchanged(read, state("2026-12-07T03:00:20Z", ["a"], ["b"]))).not.toThrow();
  });

  it.each([
    ["a resource another command created", state("2026-12-07T03:00:20Z", ["a", "c"], ["b"])],
    ["a pending create another update added", state("2026-12-07T03:00:20Z", ["a"], ["b", "c"])],
    ["a pending create another command cleared", state("2026-12-07T03:00:20Z", ["a"])],
  ])("is refused, saying why and what to run, after %s", (_, now) => {
    const error = (() => {
      try {
        expectUnchanged(read, now);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RecoveryConflictError);
    expect((error as Error).message).toContain("the stack's state changed while recovery ran");
    expect((error as Error).message).toContain("wrote it at 2026-12-07T03:00:20Z");
    expect((error as Error).message).toContain("nothing was written. Run 'realtimekit-recover' again once no other command of this stack runs");
  });
});
