import { useEmulator } from "../helpers/emulator";

describe("reading a fault", () => {
  const harness = useEmulator();

  it.each([
    [{ operation: "create_livestream", kind: "explode" }, 'Invalid fault: "kind" must be one of status, delay, hold, reset-before, reset-after, malformed-json, html, success-false, truncated.'],
    [{ operation: "delete_livestream", kind: "html" }, expect.stringMatching(/^Invalid fault: "operation" must be "\*" or one of create_livestream, fetch_all_livestreams, /)],
    [{ operation: "*", kind: "status", status: 503, retry_after: 1 }, 'Invalid fault: field "retry_after" is not accepted for kind "status".'],
    [{ operation: "*", kind: "status", status: 200 }, 'Invalid fault: "status" must be an integer from 400 to 599.'],
    [{ operation: "*", kind: "status" }, 'Invalid fault: "status" must be an integer from 400 to 599.'],
    [{ operation: "*", kind: "html", count: 0 }, 'Invalid fault: "count" must be a positive integer.'],
    [{ operation: "*", kind: "delay" }, 'Invalid fault: "ms" must be a number of milliseconds, 0 or more.'],
    [{ operation: "*", kind: "status", status: 429, retryAfter: -1 }, 'Invalid fault: "retryAfter" must be seconds (a number) or an HTTP date (a string).'],
    [{ faults: "all" }, 'Invalid fault: "faults" must be an array.'],
  ])("rejects the fault %j with 400 and adds nothing", async (fault, message) => {
    const response = await harness.control("POST", "/faults", fault);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: message });
    expect((await harness.control("GET", "/faults")).body.pending).toEqual([]);
  });
});
