/** Recovery's wait for creates Cloudflare may still be committing. */
import { CLOCK_TOLERANCE_MS } from "../../../provider/recovery/recover";
import { settleRemainingMs } from "../../../provider/recovery/settle-wait";

describe("the settle window recovery waits out", () => {
  const lastWrite = new Date("2026-12-04T10:00:00.000Z");
  const at = (seconds: number) => lastWrite.getTime() + seconds * 1000;

  it("runs from the interrupted update's last write, with the clock tolerance", () => {
    expect(settleRemainingMs(lastWrite, 30_000, at(5))).toBe(25_000 + CLOCK_TOLERANCE_MS);
  });

  it("is over once the window has passed", () => {
    expect(settleRemainingMs(lastWrite, 30_000, at(31 + CLOCK_TOLERANCE_MS / 1000))).toBe(0);
  });

  it("is whole when the state does not say when it was last written", () => {
    expect(settleRemainingMs(undefined, 30_000, at(100))).toBe(30_000 + CLOCK_TOLERANCE_MS);
  });
});
