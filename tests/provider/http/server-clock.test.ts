/** Bounding the offset between Cloudflare's clock and ours from the whole-second `Date` headers of its answers. */
import { ServerClock } from "../../../provider/http/server-clock";

const at = (iso: string) => Date.parse(iso);
const header = (iso: string) => new Date(iso).toUTCString();

describe("Cloudflare's clock", () => {
  it("is unknown until an answer carries a readable Date header", () => {
    const clock = new ServerClock();
    clock.observe(0, 10, undefined);
    clock.observe(0, 10, "not a date");
    expect(clock.offset()).toBeUndefined();
  });

  it("is bounded by one answer to the second the header names, widened by the request's round trip", () => {
    const clock = new ServerClock();
    // Sent at :10.200, answered at :10.300 our time, stamped :15 (so written in [:15.000, :16.000) its time).
    clock.observe(at("2026-11-25T09:00:10.200Z"), at("2026-11-25T09:00:10.300Z"), header("2026-11-25T09:00:15Z"));
    expect(clock.offset()).toEqual({ low: 4700, high: 5799 });
  });

  it("is narrowed by each further answer, and follows the newest when a clock jumped", () => {
    const clock = new ServerClock();
    clock.observe(at("2026-11-25T09:00:10.200Z"), at("2026-11-25T09:00:10.300Z"), header("2026-11-25T09:00:15Z"));
    clock.observe(at("2026-11-25T09:00:11.600Z"), at("2026-11-25T09:00:11.700Z"), header("2026-11-25T09:00:17Z"));
    expect(clock.offset()).toEqual({ low: 5300, high: 5799 });
    // Ten minutes off what the bounds allow: no overlap, so the newest answer alone.
    clock.observe(at("2026-11-25T09:00:12.000Z"), at("2026-11-25T09:00:12.100Z"), header("2026-11-25T09:10:12Z"));
    expect(clock.offset()).toEqual({ low: 599_900, high: 600_999 });
  });

  it("gives the earliest Cloudflare time of a moment of ours: by the offset's low bound, or five minutes back while unknown", () => {
    const clock = new ServerClock();
    const moment = at("2026-11-25T09:00:20.000Z");
    expect(clock.earliest(moment)).toBe(at("2026-11-25T08:55:20.000Z"));
    clock.observe(at("2026-11-25T09:00:10.200Z"), at("2026-11-25T09:00:10.300Z"), header("2026-11-25T09:00:15Z"));
    expect(clock.earliest(moment)).toBe(moment + 4700);
  });
});
