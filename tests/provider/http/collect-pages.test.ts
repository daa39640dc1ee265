/** Joining list pages: nothing truncated, nothing counted twice. */
import { collectPages } from "../../../provider/http/client";
import { InvalidResponseError } from "../../../provider/http/errors";

const byId = (item: { id: string }) => item.id;
const items = (...ids: string[]) => ids.map((id) => ({ id }));

describe("collecting list pages", () => {
  it("keeps an item once when a newest-first listing shifts it onto the next page", async () => {
    // Page 1 was read, then two livestreams were created: page 2 starts with page 1's last two.
    const pages = [items("e", "d", "c"), items("d", "c", "b"), items("a"), []];
    const all = await collectPages("GET livestreams", async (page) => ({ items: pages[page - 1], totalCount: page === 1 ? 5 : 7 }), byId);
    expect(all.map(byId)).toEqual(["e", "d", "c", "b", "a"]);
  });

  it("goes on past short pages until an empty page", async () => {
    const pages = [items("a"), items("b"), items("c"), []];
    const fetched: number[] = [];
    const all = await collectPages("GET livestreams", async (page) => (fetched.push(page), { items: pages[page - 1], totalCount: 3 }), byId);
    expect(all.map(byId)).toEqual(["a", "b", "c"]);
    expect(fetched).toEqual([1, 2, 3, 4]);
  });

  it("reads past a total that under-reports: what the total leaves out is kept, not cut", async () => {
    // A newest-first listing: what a short total would cut is the oldest, or the settle loop's own livestream.
    const pages = [items("d", "c"), items("b", "a"), []];
    const all = await collectPages("GET livestreams", async (page) => ({ items: pages[page - 1], totalCount: 2 }), byId);
    expect(all.map(byId)).toEqual(["d", "c", "b", "a"]);
  });

  it("fails rather than return a listing that ended short of the total its first page claimed", async () => {
    // Livestreams cannot be deleted: fewer than there were when the listing began means a page skipped some.
    const pages = [items("c", "b"), []];
    const short = collectPages("GET livestreams", async (page) => ({ items: pages[page - 1], totalCount: 3 }), byId);
    await expect(short).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(short).rejects.toThrow("Cloudflare's listing ended with 2 items, fewer than the 3 it reported at its first page; it skipped some, so it is not used (GET livestreams)");
  });

  it("lists a large app whole: as many pages as its first page's total needs, past the cap for unknown totals", async () => {
    const fetched: number[] = [];
    const all = await collectPages("GET livestreams", async (page) => {
      fetched.push(page);
      return { items: page <= 150 ? items(...Array.from({ length: 100 }, (_, i) => `${page}-${i}`)) : [], totalCount: 15_000 };
    }, byId);
    expect(all).toHaveLength(15_000);
    expect(fetched).toHaveLength(151);
  });

  it("ends a listing that never ends, even one whose first page claims a large total", async () => {
    let n = 0;
    const endless = collectPages("GET livestreams", async () => ({ items: items(String(n++)), totalCount: 500 }), byId);
    await expect(endless).rejects.toThrow("did not end within 1001 pages");
  });

  it("fails instead of truncating a listing that never ends", async () => {
    let n = 0;
    const endless = collectPages("GET livestreams", async () => ({ items: items(String(n++)) }), byId);
    await expect(endless).rejects.toBeInstanceOf(InvalidResponseError);
    expect(n).toBe(100);
  });

  describe("with pages read at once", () => {
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    /** An oldest-first list of `size` items, 2 a page, whose page `page` is read `delay` ticks after it is asked for. */
    const list = (size: number) => {
      const held = Array.from({ length: size }, (_, i) => `old-${i}`);
      const read = (page: number) => ({ items: items(...held.slice((page - 1) * 2, page * 2)), totalCount: held.length });
      return { held, read };
    };

    it("reads the pages the first page's total promises at most `atOnce` at a time, then on until an empty page", async () => {
      const { read } = list(20);
      let open = 0;
      let most = 0;
      const asked: number[] = [];
      const all = await collectPages("GET livestreams", async (page) => {
        asked.push(page);
        most = Math.max(most, ++open);
        await tick();
        open--;
        return read(page);
      }, byId, { atOnce: 3 });
      expect(all).toHaveLength(20);
      expect(most).toBe(3);
      expect(asked.slice(-1)).toEqual([11]);
    });

    it("does not pass for whole when a new item read out of order makes up for one a creation pushed onto a page read before", async () => {
      // Page 3 answers first; then an item lands inside page 2 and pushes old-3 onto page 3, which was already read.
      const { held, read } = list(6);
      const answer = async (page: number) => {
        if (page === 2) for (let i = 0; i < 5; i++) await tick();
        if (page === 3) queueMicrotask(() => held.splice(2, 0, "new"));
        return read(page);
      };
      const short = collectPages("GET livestreams", answer, byId, { atOnce: 2 });
      await expect(short).rejects.toThrow("Cloudflare's listing ended with 6 items, fewer than the 7 it reported at its last page");
    });

    it("reads again what can have moved when the listing ends short of its last page's total", async () => {
      const { held, read } = list(6);
      const answer = async (page: number) => {
        if (page === 2) for (let i = 0; i < 5; i++) await tick();
        if (page === 3) queueMicrotask(() => held.splice(2, 0, "new"));
        return read(page);
      };
      const reread = async () => items(...held.slice(2));
      const all = await collectPages("GET livestreams", answer, byId, { atOnce: 2, reread });
      expect(all.map(byId).sort()).toEqual(["new", "old-0", "old-1", "old-2", "old-3", "old-4", "old-5"]);
    });

    it("reads nothing again when the pages saw as many as the last page's total", async () => {
      const { read } = list(6);
      const reread = jest.fn(async () => []);
      expect(await collectPages("GET livestreams", async (page) => read(page), byId, { atOnce: 4, reread })).toHaveLength(6);
      expect(reread).not.toHaveBeenCalled();
    });
  });
});
