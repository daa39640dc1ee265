/**
 * Work over many items with a bounded number at once: recovery may read hundreds of livestreams by
 * id, and sending them all together would spend the API's rate limit (1,200 requests per 5 minutes,
 * shared with every other client of the account) in one burst and open a connection for each.
 */

/**
 * `work` for each item, at most `limit` running at once; the results in the items' order. After a
 * failure no further item is started, and the first failure is thrown once the work already
 * started has ended, so that nothing runs on unseen (what it learnt may still be kept).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const ended = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = ended.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure) throw failure.reason;
  return results;
}
