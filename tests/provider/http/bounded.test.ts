/** Work over many items, a bounded number at once. */
import { mapBounded } from "../../../provider/http/bounded";

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

  it("throws a failure only once the work already started has ended", async () => {
    const ended: number[] = [];
    const run = mapBounded([1, 2, 3], 3, async (n) => {
      if (n === 1) throw new Error("read 1 failed");
      await new Promise((resolve) => setTimeout(resolve, 20));
      ended.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("read 1 failed");
    expect(ended).toEqual([2, 3]);
  });
});
