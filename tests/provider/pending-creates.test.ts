/** Reading interrupted creates from exported state, and writing recovered livestreams back, as `pulumi stack import` takes them. */
import { ExportedStack, interruptedUpdateBegan, LIVESTREAM_TYPE, livestreamIdsInState, pendingCreates, recreatedAfter, StateResource, withRecovered } from "../../provider/pending-creates";
import { LivestreamFacts } from "../../provider/types";

const urn = (name: string, type = LIVESTREAM_TYPE) => `urn:pulumi:dev::p::${type}::${name}`;
const inputs = (name: string) => ({ __provider: "exports.handler = …", accountId: "a".repeat(32), appId: "app", name });
const livestream = (name: string, id: string, extra: Partial<StateResource> = {}): StateResource => ({
  urn: urn(name), type: LIVESTREAM_TYPE, id, inputs: inputs(name), outputs: { ...inputs(name), livestreamId: id }, ...extra,
});
const creating = (name: string, type = LIVESTREAM_TYPE) => ({
  type: "creating", resource: { urn: urn(name, type), type, custom: true, inputs: inputs(name), parent: "urn:stack", provider: "urn:prov" },
});
const facts = (id: string, name: string): LivestreamFacts => ({
  livestreamId: id, name, ingestServer: "rtmps://live.cloudflare.com:443/live/", streamKey: "KEY-" + id,
  playbackUrl: "https://x/manifest/video.m3u8", status: "INVOKED", disabled: false,
});

function exported(resources: StateResource[], pending: unknown[]): ExportedStack {
  return { version: 3, deployment: { manifest: { time: "t" }, resources, pending_operations: pending as never } };
}

describe("interrupted creates in exported state", () => {
  it("are the pending creates of livestreams only: other operations and other providers' resources are left alone", () => {
    const stack = exported([], [creating("a"), { ...creating("b"), type: "updating" }, creating("bucket", "aws:s3/bucket:Bucket")]);
    expect(pendingCreates(stack)).toEqual([{ urn: urn("a"), inputs: inputs("a") }]);
  });

  it("refuse, naming them and what to do, the plugin door's pending creates rather than pass over them", () => {
    const stack = exported([], [creating("a"), creating("yaml-show", "realtimekit:index:IndependentLivestream")]);
    expect(() => pendingCreates(stack)).toThrow(
      `1 pending create(s) of the plugin door (${urn("yaml-show", "realtimekit:index:IndependentLivestream")}): realtimekit-recover handles the dynamic provider's only. Nothing was written.`,
    );
  });

  it("are told apart from livestreams in state by id, whatever the URN", () => {
    const stack = exported([livestream("a", "id-a"), livestream("b", "id-b"), { urn: "urn:stack", type: "pulumi:pulumi:Stack" }], []);
    expect(livestreamIdsInState(stack)).toEqual(new Set(["id-a", "id-b"]));
  });

  it("were created again by an update run after the crash when their URN holds a livestream created since it began", () => {
    const since = new Date("2026-11-25T09:10:00Z");
    const stack = exported([
      livestream("again", "id-again", { created: "2026-11-25T09:12:00Z" }),
      livestream("replaced", "id-old", { created: "2026-11-25T08:00:00Z" }),
    ], []);
    expect(recreatedAfter(stack, urn("again"), since)?.id).toBe("id-again");
    expect(recreatedAfter(stack, urn("replaced"), since)).toBeUndefined();
  });

  it("began, at the latest, at the newest update, destroy or import in history or, without one, at the stack resource's creation", () => {
    const stackResource = { urn: "urn:stack", type: "pulumi:pulumi:Stack", created: "2026-11-25T09:00:00.5Z" };
    const stack = exported([stackResource], []);
    const history = [{ startTime: "2026-11-25T09:10:00.000Z" }, { startTime: "2026-11-25T09:05:00.000Z" }];
    expect(interruptedUpdateBegan(stack, history)).toEqual(new Date("2026-11-25T09:10:00.000Z"));
    expect(interruptedUpdateBegan(stack, [])).toEqual(new Date("2026-11-25T09:00:00.5Z"));
    // A refresh (as Pulumi's warning suggests after a crash) or a preview creates nothing, so it never moves the bound.
    const later = [{ kind: "refresh", startTime: "2026-11-25T09:20:00.000Z" }, { kind: "preview", startTime: "2026-11-25T09:21:00.000Z" }];
    expect(interruptedUpdateBegan(stack, [...later, { kind: "update", ...history[0] }])).toEqual(new Date("2026-11-25T09:10:00.000Z"));
    expect(interruptedUpdateBegan(exported([], []), [])).toBeUndefined();
  });
});

describe("writing recovered livestreams", () => {
  it("saves what the create would have saved, with the stream key as a secret, and clears the resolved pending creates", () => {
    const stack = exported([livestream("done", "id-done")], [creating("a"), creating("b"), { ...creating("c"), type: "updating" }]);
    const now = new Date("2026-11-25T10:00:00Z");
    const after = withRecovered(stack, new Map([[urn("a"), facts("id-a", "a")]]), new Set([urn("a"), urn("b")]), now);

    expect(after.deployment.pending_operations!.map((p) => [p.type, p.resource.urn])).toEqual([["updating", urn("c")]]);
    const written = after.deployment.resources!.find((r) => r.urn === urn("a"))!;
    expect(written).toMatchObject({ id: "id-a", custom: true, parent: "urn:stack", provider: "urn:prov", inputs: inputs("a"), created: now.toISOString() });
    expect(written.outputs).toEqual({
      ...inputs("a"), ...facts("id-a", "a"),
      streamKey: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify("KEY-id-a") },
    });
    expect(after.deployment.resources!.map((r) => r.urn)).toEqual([urn("done"), urn("a")]);
    expect(after.deployment.manifest).toEqual({ time: "t" });
  });

  it("marks the old livestream of an interrupted replace for deletion, as the engine would after the create", () => {
    const stack = exported([livestream("a", "id-old")], [creating("a")]);
    const after = withRecovered(stack, new Map([[urn("a"), facts("id-new", "a")]]), new Set([urn("a")]));
    expect(after.deployment.resources!.map((r) => [r.id, r.delete ?? false])).toEqual([["id-old", true], ["id-new", false]]);
    expect(stack.deployment.resources![0].delete).toBeUndefined();
  });
});
