/** Who else holds an app's livestreams: other stacks' states, and this machine's claims, each stack named once. */
import { declaredHere, holders } from "../../../provider/import/holders";

const at = "2026-12-07T03:00:00.000Z";

describe("the holders of an app's livestreams", () => {
  it("names every stack of an id, by what made its claim but not when (one stack, one count), a claim's stack once even when its state holds the id too, and keeps this stack's pending claims apart", () => {
    const states = [{ name: "org/p/prod", ids: ["a", "b"] }, { name: "org/p/qa", ids: ["a"] }];
    const claims = new Map([
      ["a", { stack: "p/prod", by: "pulumi up" as const, at }],
      ["c", { stack: "p/staging", by: "realtimekit-import" as const, at }],
      ["d", { stack: "p/dev", by: "realtimekit-import" as const, at }],
      ["e", { stack: "p/dev", by: "pulumi up" as const, at }],
    ]);
    expect(holders(states, claims, "org/p/dev", new Set(["e"]))).toEqual({
      others: new Map([["a", ["org/p/prod", "org/p/qa"]], ["b", ["org/p/prod"]], ["c", ["p/staging (written by its realtimekit-import on this machine)"]]]),
      ownPending: new Set(["d"]),
    });
  });
});

describe("what this stack's config already declares", () => {
  it("is each livestream adopted by id, and the one of a name an entry gives that the app holds once, less what the state holds", () => {
    const list = [
      { livestreamId: "a", name: "main-stage", status: "IDLE" },
      { livestreamId: "b", name: "twin", status: "IDLE" },
      { livestreamId: "c", name: "twin", status: "IDLE" },
      { livestreamId: "d", name: "other", status: "IDLE" },
      { livestreamId: "e", name: "kept", status: "IDLE" },
      { livestreamId: "f", status: "IDLE" },
    ];
    const declared = { ids: new Set(["d", "f"]), names: new Set(["main-stage", "twin", "kept"]) };
    expect(declaredHere(list, declared, new Set(["e"])).map((l) => l.livestreamId)).toEqual(["a", "d", "f"]);
  });
});
