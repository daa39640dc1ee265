/** The recovery of pending creates: each goes into the resources under the id Cloudflare holds for its name. */
import { adoptPendingCreates, ExportedState } from "../../scripts/adopt-pending-creates";
import { LIVESTREAM_TYPE } from "../../scripts/pulumi-stack";

const urn = (name: string) => `urn:pulumi:test::p::${LIVESTREAM_TYPE}::${name}`;
const pending = (name: string, type = "creating") => ({
  type,
  resource: { urn: urn(name), type: LIVESTREAM_TYPE, custom: true, inputs: { __provider: "require", accountId: "a", appId: "b", name } },
});
const stackResource = { urn: "urn:pulumi:test::p::pulumi:pulumi:Stack::p-test", type: "pulumi:pulumi:Stack" };
const exported = (ops: ReturnType<typeof pending>[]): ExportedState => ({ version: 3, deployment: { manifest: {}, resources: [stackResource], pending_operations: ops } });

it("moves a pending create into the resources with the id of the livestream of its name, outputs from its inputs", () => {
  const { state, adopted, dropped } = adoptPendingCreates(exported([pending("show")]), [{ id: "id-1", name: "show" }, { id: "id-2", name: "other" }]);
  expect(adopted).toEqual([{ urn: urn("show"), id: "id-1" }]);
  expect(dropped).toEqual([]);
  expect(state.deployment.pending_operations).toEqual([]);
  expect(state.deployment.resources).toEqual([stackResource, { ...pending("show").resource, id: "id-1", outputs: pending("show").resource.inputs }]);
  expect(state.version).toBe(3);
  expect(state.deployment.manifest).toEqual({});
});

it("drops a pending create whose name Cloudflare does not hold: its create never took effect", () => {
  const { state, adopted, dropped } = adoptPendingCreates(exported([pending("lost")]), [{ id: "id-2", name: "other" }]);
  expect(adopted).toEqual([]);
  expect(dropped).toEqual([urn("lost")]);
  expect(state.deployment.resources).toEqual([stackResource]);
  expect(state.deployment.pending_operations).toEqual([]);
});

it("refuses when two livestreams carry the name, naming both ids", () => {
  expect(() => adoptPendingCreates(exported([pending("show")]), [{ id: "id-1", name: "show" }, { id: "id-3", name: "show" }])).toThrow(
    "2 livestreams are named 'show' (id-1, id-3): adopt the right one by hand (adoptLivestreamId)",
  );
});

it("leaves other pending operations and the input state as they were", () => {
  const input = exported([pending("show", "deleting")]);
  const before = JSON.stringify(input);
  const { state, adopted } = adoptPendingCreates(input, [{ id: "id-1", name: "show" }]);
  expect(adopted).toEqual([]);
  expect(state.deployment.pending_operations).toEqual([pending("show", "deleting")]);
  expect(JSON.stringify(input)).toBe(before);
});
