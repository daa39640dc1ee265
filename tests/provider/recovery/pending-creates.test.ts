/** Reading interrupted creates from exported state, and writing recovered livestreams back, as `pulumi stack import` takes them. */
import { DYNAMIC_TYPE_TOKEN } from "../../../provider/engine/tokens";
import { createStart, ExportedStack, interruption, lastCompletedStart, livestreamIdsInState, missingReferences, pendingCreates, providerProperties, recreatedAfter, StateResource, withRecovered } from "../../../provider/recovery/pending-creates";
import { LivestreamFacts } from "../../../provider/types";

const urn = (name: string, type = DYNAMIC_TYPE_TOKEN) => `urn:pulumi:dev::p::${type}::${name}`;
const inputs = (name: string) => ({ __provider: "exports.handler = …", accountId: "a".repeat(32), appId: "app", name });
const livestream = (name: string, id: string, extra: Partial<StateResource> = {}): StateResource => ({
  urn: urn(name), type: DYNAMIC_TYPE_TOKEN, id, inputs: inputs(name), outputs: { ...inputs(name), livestreamId: id }, ...extra,
});
const creating = (name: string, type = DYNAMIC_TYPE_TOKEN) => ({
  type: "creating", resource: { urn: urn(name, type), type, custom: true, inputs: inputs(name), parent: "urn:stack", provider: "urn:prov" },
});
const PLUGIN = "realtimekit:index:IndependentLivestream";
const providerRef = (name: string) => `urn:pulumi:dev::p::pulumi:providers:realtimekit::${name}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`;
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

  it("are the plugin door's too when its default provider made them, whose settings are the stack's", () => {
    const viaDefault = { ...creating("yaml-show", PLUGIN), resource: { ...creating("yaml-show", PLUGIN).resource, provider: providerRef("default_0_1_0") } };
    expect(pendingCreates(exported([], [creating("a"), viaDefault]))).toEqual([
      { urn: urn("a"), inputs: inputs("a") }, { urn: urn("yaml-show", PLUGIN), inputs: inputs("yaml-show") },
    ]);
  });

  it("carry, for the plugin door's made through an explicit provider, that provider's reference: its settings are not the stack's", () => {
    const viaExplicit = { ...creating("yaml-show", PLUGIN), resource: { ...creating("yaml-show", PLUGIN).resource, provider: providerRef("staging") } };
    expect(pendingCreates(exported([], [creating("a"), viaExplicit]))).toEqual([
      { urn: urn("a"), inputs: inputs("a") }, { urn: urn("yaml-show", PLUGIN), inputs: inputs("yaml-show"), provider: providerRef("staging") },
    ]);
  });

  describe("an explicit provider's properties, from state exported with --show-secrets", () => {
    const ref = providerRef("staging");
    const [providerUrn, providerId] = [ref.slice(0, ref.lastIndexOf("::")), ref.slice(ref.lastIndexOf("::") + 2)];
    const token = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify("tok-en") };
    const provider = (inputs: Record<string, unknown>, id = providerId): StateResource => ({ urn: providerUrn, type: "pulumi:providers:realtimekit", id, inputs });

    it("are its inputs with secrets unwrapped, from the resource of that URN and id", () => {
      const stack = exported([provider({ accountId: "acc", baseUrl: "http://127.0.0.1:1/client/v4" }, "older-id"), provider({ accountId: "acc", apiToken: token, timeoutSeconds: 5 })], []);
      expect(providerProperties(stack, ref)).toEqual({ accountId: "acc", apiToken: "tok-en", timeoutSeconds: 5 });
    });

    it("never quote a revealed secret that is not JSON in their error", () => {
      const garbled = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "tok-en-not-json" };
      const error = (() => {
        try {
          providerProperties(exported([provider({ apiToken: garbled })], []), ref);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message).toBe("a provider's secret setting in state is not valid JSON");
    });

    it("fail, writing nothing, when that provider is not in state or its token is still encrypted", () => {
      expect(() => providerProperties(exported([], []), ref)).toThrow(`the explicit provider ${providerUrn} (id ${providerId}) that made a pending create is not in the stack's state`);
      const encrypted = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
      expect(() => providerProperties(exported([provider({ apiToken: encrypted })], []), ref)).toThrow("export the state with --show-secrets");
    });
  });

  it("are told apart from livestreams in state by id, whatever the URN", () => {
    const stack = exported([livestream("a", "id-a"), livestream("b", "id-b"), { urn: "urn:stack", type: "pulumi:pulumi:Stack" }], []);
    expect(livestreamIdsInState(stack)).toEqual(new Set(["id-a", "id-b"]));
  });

  const stackResource = { urn: "urn:stack", type: "pulumi:pulumi:Stack", created: "2026-11-25T09:00:00.5Z" };
  const update = { kind: "update", startTime: "2026-11-25T09:10:00.000Z", endTime: "2026-11-25T09:10:03.000Z" };
  const withManifest = (stack: ExportedStack, time: string): ExportedStack => ({ ...stack, deployment: { ...stack.deployment, manifest: { time } } });

  it("began after every recorded operation ended when the interrupted update wrote the state last", () => {
    const stack = withManifest(exported([stackResource], []), "2026-11-25T09:30:05.2Z");
    expect(interruption(stack, [update, { kind: "update", startTime: "2026-11-25T09:05:00.000Z", endTime: "2026-11-25T09:05:02.000Z" }]))
      .toEqual({ began: new Date("2026-11-25T09:10:03.000Z"), followed: false });
    // A stack's first update: it registered the stack resource first.
    expect(interruption(stack, [])).toEqual({ began: new Date("2026-11-25T09:00:00.5Z"), followed: false });
    expect(interruption(withManifest(exported([], []), "2026-11-25T09:30:05.2Z"), [])).toBeUndefined();
  });

  it("began, at the latest, at the newest update, destroy or import when an operation in history followed it", () => {
    const refreshed = { kind: "refresh", startTime: "2026-11-25T09:40:00.000Z", endTime: "2026-11-25T09:40:01.000Z" };
    const stack = withManifest(exported([stackResource], []), "2026-11-25T09:40:01.4Z");
    // A refresh (as Pulumi's warning suggests after a crash) creates nothing, so it never moves the bound.
    expect(interruption(stack, [refreshed, update])).toEqual({ began: new Date("2026-11-25T09:10:00.000Z"), followed: true });
    const again = { kind: "update", startTime: "2026-11-25T09:50:00.000Z", endTime: "2026-11-25T09:50:04.000Z" };
    expect(interruption(withManifest(stack, "2026-11-25T09:50:03.9Z"), [again, refreshed, update])).toEqual({ began: new Date("2026-11-25T09:50:00.000Z"), followed: true });
  });

  it("have no start from history when only refreshes and previews are recorded: not the stack's creation, which may be weeks before", () => {
    const refreshes = Array.from({ length: 11 }, (_, i) => ({ kind: "refresh", startTime: `2026-11-25T09:4${i % 10}:00.000Z`, endTime: `2026-11-25T09:4${i % 10}:01.000Z` }));
    const stack = withManifest(exported([stackResource], []), "2026-11-25T09:49:01.4Z");
    expect(interruption(stack, refreshes)).toBeUndefined();
    expect(interruption(stack, [...refreshes, update])).toEqual({ began: new Date("2026-11-25T09:10:00.000Z"), followed: true });
  });

  it("once the pending creates are gone, date from the start of the newest update, destroy or import that succeeded, else the stack's creation", () => {
    const stack = exported([stackResource], []);
    const succeeded = { ...update, result: "succeeded" };
    const destroyed = { kind: "destroy", result: "succeeded", startTime: "2026-11-25T09:20:00.000Z", endTime: "2026-11-25T09:20:01.000Z" };
    // After the crash: the refresh that cleared the pending creates, and the up it refused.
    const cleared = { kind: "refresh", result: "succeeded", startTime: "2026-11-25T09:40:00.000Z", endTime: "2026-11-25T09:40:01.000Z" };
    const refused = { kind: "update", result: "failed", startTime: "2026-11-25T09:41:00.000Z", endTime: "2026-11-25T09:41:02.000Z" };
    expect(lastCompletedStart(stack, [refused, cleared, succeeded])).toEqual(new Date(update.startTime));
    expect(lastCompletedStart(stack, [refused, cleared, destroyed, succeeded])).toEqual(new Date(destroyed.startTime));
    // The interrupted update was the stack's first: it registered the stack resource before any create.
    expect(lastCompletedStart(stack, [refused, cleared])).toEqual(new Date(stackResource.created));
    expect(lastCompletedStart(exported([], []), [refused])).toBeUndefined();
  });

  it("carry their own start, stamped by check: a forced replace's old livestream, of the same stamp, is not one created again after a refresh", () => {
    const stamp = "2026-11-25T09:10:01.000Z";
    const stampedInputs = { ...inputs("show"), createStartedAt: stamp };
    const old = livestream("show", "id-old", { created: "2026-11-25T09:10:02Z", inputs: stampedInputs, outputs: { ...stampedInputs, livestreamId: "id-old" } });
    const forced = { ...creating("show"), resource: { ...creating("show").resource, inputs: stampedInputs } };
    const refreshed = { kind: "refresh", startTime: "2026-11-25T09:40:00.000Z", endTime: "2026-11-25T09:40:01.000Z" };
    const afterRefresh = withManifest(exported([stackResource, old], [forced]), "2026-11-25T09:40:01.4Z");
    const [create] = pendingCreates(afterRefresh);
    expect(createStart(create)).toEqual(new Date(stamp));
    expect(recreatedAfter(afterRefresh, create, interruption(afterRefresh, [refreshed, update]))).toBeUndefined();
    // An update after the crash checked anew, so its livestream's stamp is later: that one was created again.
    const remadeInputs = { ...inputs("show"), createStartedAt: "2026-11-25T09:50:00.100Z" };
    const remade = livestream("show", "id-again", { created: "2026-11-25T09:50:02Z", inputs: remadeInputs });
    const afterUp = withManifest(exported([stackResource, remade, { ...old, delete: true }], [forced]), "2026-11-25T09:50:03.9Z");
    expect(recreatedAfter(afterUp, create, undefined)?.id).toBe("id-again");
  });

  it("were created again only by an update that followed the crash: a replace's old livestream is not taken for one", () => {
    const replacedInputs = { ...inputs("show"), appId: "old-app" };
    const old = livestream("show", "id-old", { created: "2026-11-25T09:10:01Z", inputs: replacedInputs, outputs: { ...replacedInputs, livestreamId: "id-old" } });
    const pending = [creating("show")];
    // The update that created `show` in the old app ran, then a replace of it was killed: nothing ran after.
    const crashed = withManifest(exported([stackResource, old], pending), "2026-11-25T09:30:05.2Z");
    const [create] = pendingCreates(crashed);
    expect(recreatedAfter(crashed, create, interruption(crashed, [update])!)).toBeUndefined();
    // A refresh after the crash: the old livestream has the inputs of before the replace.
    const refreshed = { kind: "refresh", startTime: "2026-11-25T09:40:00.000Z", endTime: "2026-11-25T09:40:01.000Z" };
    const afterRefresh = withManifest(crashed, "2026-11-25T09:40:01.4Z");
    expect(recreatedAfter(afterRefresh, create, interruption(afterRefresh, [refreshed, update])!)).toBeUndefined();
    // An update after the crash that created it again, with the pending create's inputs.
    const again = { kind: "update", startTime: "2026-11-25T09:50:00.000Z", endTime: "2026-11-25T09:50:04.000Z" };
    const remade = livestream("show", "id-again", { created: "2026-11-25T09:50:02Z" });
    const afterUp = withManifest(exported([stackResource, remade, { ...old, delete: true }], pending), "2026-11-25T09:50:03.9Z");
    expect(recreatedAfter(afterUp, create, interruption(afterUp, [again, refreshed, update])!)?.id).toBe("id-again");
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

  it("writes a livestream the program declares from its previewed new state, when its pending create is gone", () => {
    const stack = exported([{ urn: "urn:stack", type: "pulumi:pulumi:Stack" }, { urn: "urn:prov", type: "pulumi:providers:pulumi-nodejs", id: "p1" }], []);
    const declared: StateResource = { ...creating("a").resource, provider: "urn:prov::p1", dependencies: [] };
    expect(missingReferences(stack, declared)).toEqual([]);
    const after = withRecovered(stack, new Map([[urn("a"), facts("id-a", "a")]]), new Set(), new Date(), [declared, { ...declared, urn: urn("b") }]);
    expect(after.deployment.resources!.map((r) => [r.urn, r.id])).toEqual([["urn:stack", undefined], ["urn:prov", "p1"], [urn("a"), "id-a"]]);
    expect(after.deployment.resources![2]).toMatchObject({ parent: "urn:stack", provider: "urn:prov::p1", inputs: inputs("a") });
    // One whose parent, provider or dependency the state lacks cannot be written: the import would refuse it.
    expect(missingReferences(stack, { ...declared, parent: "urn:component", provider: "urn:prov::unknown", dependencies: ["urn:bucket"] }))
      .toEqual(["urn:component", "urn:bucket", "urn:prov::unknown"]);
  });

  it("marks the old livestream of an interrupted replace for deletion, as the engine would after the create", () => {
    const stack = exported([livestream("a", "id-old")], [creating("a")]);
    const after = withRecovered(stack, new Map([[urn("a"), facts("id-new", "a")]]), new Set([urn("a")]));
    expect(after.deployment.resources!.map((r) => [r.id, r.delete ?? false])).toEqual([["id-old", true], ["id-new", false]]);
    expect(stack.deployment.resources![0].delete).toBeUndefined();
  });
});
