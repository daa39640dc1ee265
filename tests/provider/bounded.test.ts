/** Work over many items, a bounded number at once. */
import { mapBounded } from "../../provider/bounded";

describe("bounded work", () => {
  it("keeps the items' order in its results", async () => {
    expect(await mapBounded([3, 1, 2], 2, async (n) => n * 10)).toEqual([30, 10, 20]);
  });

  it("starts no further item after a failure, and throws it", async () => {
    const started: number[] = [];
    const run = mapBounded([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error("read 2 failed");
      return n;
    });
    await expect(run).rejects.toThrow("read 2 failed");
    expect(started).toEqual([1, 2]);
  });
});
