/** Our errors as Pulumi shows them: the message alone, never a stack trace. */
import * as pulumi from "@pulumi/pulumi";
import { ConfigurationError, NotFoundError, RealtimeKitError } from "../../../provider/http/errors";

describe("provider errors", () => {
  it.each([new RealtimeKitError("x"), new ConfigurationError("x"), new NotFoundError("x", { status: 404 })])(
    "are RunErrors to Pulumi, which then prints their message without a stack: %p",
    (error) => {
      expect(pulumi.RunError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(RealtimeKitError);
    },
  );

  it("append the operation, status and code to the message, and keep the summary without them", () => {
    const error = new NotFoundError("Not found.", { operation: "GET /x", status: 404, code: 404 });
    expect(error.message).toBe("Not found. (GET /x, HTTP 404, code 404)");
    expect(error.summary).toBe("Not found.");
    expect(error.name).toBe("NotFoundError");
  });
});
