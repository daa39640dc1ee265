/** What recovery reads from `pulumi preview --json` of the program: the livestreams it declares that the state lacks. */
import { declaredIn } from "../../../provider/recovery/declared-livestreams";
import { DYNAMIC_TYPE_TOKEN } from "../../../provider/engine/tokens";

const urn = (name: string) => `urn:pulumi:dev::p::pulumi-nodejs:dynamic/realtimekit:IndependentLivestream::${name}`;
const livestream = (name: string, inputs: Record<string, unknown> = { name }) => ({ urn: urn(name), type: DYNAMIC_TYPE_TOKEN, inputs });
const preview = (...steps: object[]) => JSON.stringify({ steps });

describe("the livestreams a preview declares that the state lacks", () => {
  it("takes each create, and each replacement (a replace cut off after its create was sent), once per URN", () => {
    const text = preview(
      { op: "create", newState: livestream("new") },
      { op: "create-replacement", newState: livestream("renamed", { name: "renamed-2" }) },
      { op: "replace", newState: livestream("renamed", { name: "renamed-2" }) },
      { op: "delete-replaced", oldState: livestream("renamed") },
      { op: "same", newState: livestream("kept") },
    );
    expect(declaredIn(text).map((r) => [r.urn, r.inputs?.name])).toEqual([[urn("new"), "new"], [urn("renamed"), "renamed-2"]]);
  });

  it("leaves out adoptions (they post nothing) and other types", () => {
    const text = preview(
      { op: "create", newState: livestream("adopted", { adoptLivestreamId: "ls-1" }) },
      { op: "replace", newState: livestream("taken", { name: "taken", adoptExisting: true }) },
      { op: "create", newState: { urn: "urn:pulumi:dev::p::random:index/randomId:RandomId::r", type: "random:index/randomId:RandomId" } },
    );
    expect(declaredIn(text)).toEqual([]);
  });
});
