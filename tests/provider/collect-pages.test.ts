/** Joining list pages: nothing truncated, nothing counted twice. */
import { collectPages } from "../../provider/client";
import { InvalidResponseError } from "../../provider/errors";

const byId = (item: { id: string }) => item.id;
const items = (...ids: string[]) => ids.map((id) => ({ id }));

describe("collecting list pages", () => {
  it("keeps an item once when a newest-first listing shifts it onto the next page", async () => {
    // Page 1 was read, then two livestreams were created: page 2 starts with page 1's last two.
    const pages = [items("e", "d", "c"), items("d", "c", "b"), items("a"), []];
    const all = await collectPages("GET livestreams", async (page) => ({ items: pages[page - 1], totalCount: 7 }), byId);
    expect(all.map(byId)).toEqual(["e", "d", "c", "b", "a"]);
  });

  it("goes on past short pages until the reported total or an empty page", async () => {
    const pages = [items("a"), items("b"), items("c"), items("d")];
    const fetched: number[] = [];
    const all = await collectPages("GET livestreams", async (page) => (fetched.push(page), { items: pages[page - 1], totalCount: 3 }), byId);
    expect(all.map(byId)).toEqual(["a", "b", "c"]);
    expect(fetched).toEqual([1, 2, 3]);
  });

  it("fails instead of truncating a listing that never ends", async () => {
    let n = 0;
    const endless = collectPages("GET livestreams", async () => ({ items: items(String(n++)) }), byId);
    await expect(endless).rejects.toBeInstanceOf(InvalidResponseError);
    expect(n).toBe(100);
  });
});
