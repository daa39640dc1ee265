/** realtimekit-import's report: what it found, what it leaves out and why, each holder named. */
import { reportLines } from "../../../provider/import/import-cli";

describe("realtimekit-import's report", () => {
  it("counts one livestream as one, not 'livestreams'", () => {
    const one = { livestreamId: "0b1e3f5a-1111-4000-8000-000000000001", name: "a", status: "IDLE" };
    const lines = reportLines("app", 1, { matched: 1, picked: [one], inState: 0, heldByOtherStacks: [{ livestreamId: "x", stacks: ["o/p/s"] }], declared: 0, duplicates: [] }, new Set());
    expect(lines).toEqual([
      "app app: 1 livestream, 1 of them picked; 1 to take",
      "1 held or claimed by other stacks, left out (one livestream in two stacks hands one stream key to both): 1 by o/p/s",
    ]);
  });

  it("names every stack that holds a livestream, and says when two already do", () => {
    const held = { livestreamId: "x", stacks: ["o/p/a", "o/p/b"] };
    const lines = reportLines("app", 2, { matched: 2, picked: [], inState: 0, heldByOtherStacks: [held, { livestreamId: "y", stacks: ["o/p/b"] }], declared: 0, duplicates: [] }, new Set());
    expect(lines.slice(1)).toEqual([
      "2 held or claimed by other stacks, left out (one livestream in two stacks hands one stream key to both): 1 by o/p/a, 2 by o/p/b",
      "livestream x is held by 2 stacks already, o/p/a and o/p/b: both hand out its stream key; remove it from all but one",
    ]);
  });
});
