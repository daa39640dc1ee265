/** Our errors as Pulumi shows them: the message alone, never a stack trace. */
import * as pulumi from "@pulumi/pulumi";
import * as util from "node:util";
import * as vm from "node:vm";
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

  it("carry no stack frames, so that Pulumi's report of a program failing with one ends at once", () => {
    // A program's error passes through Pulumi's frames, some named `node_modules/@pulumi/<file>.ts` by its source maps;
    // Pulumi's handler formats every program error with util.inspect in colour, which on Node 22 loops on such a frame
    // until its string overflows (nodejs/node#64011): a minute of a whole core before preview can fail.
    const raise = vm.runInThisContext("(raise) => raise()", { filename: "/app/node_modules/@pulumi/resource.ts" });
    let caught: unknown;
    try {
      raise(() => {
        throw new ConfigurationError("Config 'livestreams' must be a list");
      });
    } catch (error) {
      caught = error;
    }
    const error = caught as ConfigurationError;
    expect(error.stack).toBe("ConfigurationError: Config 'livestreams' must be a list");
    expect(util.inspect(error, { colors: true })).toContain("Config 'livestreams' must be a list");
  });
});
