/** Who else holds an app's livestreams: other stacks' states, and this machine's claims, each stack named once. */
import { holders } from "../../../provider/import/holders";

const at = "2026-12-07T03:00:00.000Z";

describe("the holders of an app's livestreams", () => {
  it("names every stack of an id, a claim's stack once even when its state holds the id too, and keeps this stack's pending claims apart", () => {
    const states = [{ name: "org/p/prod", ids: ["a", "b"] }, { name: "org/p/qa", ids: ["a"] }];
    const claims = new Map([
      ["a", { stack: "p/prod", by: "pulumi up" as const, at }],
      ["c", { stack: "p/staging", by: "realtimekit-import" as const, at }],
      ["d", { stack: "p/dev", by: "realtimekit-import" as const, at }],
      ["e", { stack: "p/dev", by: "pulumi up" as const, at }],
    ]);
    expect(holders(states, claims, "org/p/dev", new Set(["e"]))).toEqual({
      others: new Map([["a", ["org/p/prod", "org/p/qa"]], ["b", ["org/p/prod"]], ["c", [`p/staging (by its realtimekit-import on this machine at ${at})`]]]),
      ownPending: new Set(["d"]),
    });
  });
});
