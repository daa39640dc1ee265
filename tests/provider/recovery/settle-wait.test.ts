/** Recovery's wait for creates Cloudflare may still be committing. */
import { CLOCK_TOLERANCE_MS } from "../../../provider/recovery/recover";
import { markRemainingMs, settleRemainingMs } from "../../../provider/recovery/settle-wait";

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

describe("the settle window of a create sent again late (its mark beside the name's lock)", () => {
  const posted = Date.parse("2026-12-04T10:00:30.000Z");
  const mark = (settleMs: number) => ({ since: posted - 30_000, lastPostAt: posted, settleMs, pid: 4242 });

  it("runs from the mark's last POST, not from its first", () => {
    expect(markRemainingMs(mark(8_000), 8_000, posted + 2_000)).toBe(6_000 + CLOCK_TOLERANCE_MS);
  });

  it("is the longer of the mark's window and the reader's", () => {
    expect(markRemainingMs(mark(20_000), 8_000, posted)).toBe(20_000 + CLOCK_TOLERANCE_MS);
    expect(markRemainingMs(mark(0), 8_000, posted)).toBe(8_000 + CLOCK_TOLERANCE_MS);
  });

  it("is over once the window has passed", () => {
    expect(markRemainingMs(mark(8_000), 8_000, posted + 9_001 + CLOCK_TOLERANCE_MS)).toBe(0);
  });
});
