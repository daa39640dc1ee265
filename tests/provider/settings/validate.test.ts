import * as rules from "../../../provider/settings/validate";

describe("validation rules", () => {
  it.each(["a", "my-stream_01", "A".repeat(100)])("accepts the name %j", (name) => {
    expect(rules.livestreamName(name)).toBeUndefined();
  });

  it.each([
    ["", "must be 1-100 characters"],
    ["has space", '(got "has space")'],
    ["ünïcode", "each a letter, digit, '-' or '_'"],
    ["tab\there", '(got "tab\\there")'],
    ["a".repeat(101), "101 characters"],
    [null, "must be a string"],
    [42, "must be a string"],
  ])("rejects the name %j, saying what is allowed", (name, expected) => {
    expect(rules.livestreamName(name)).toContain(expected);
  });

  it("accepts a 32-hex account id and rejects others", () => {
    expect(rules.accountId("023e105f4ecef8ad9ca31a8372d0c353")).toBeUndefined();
    expect(rules.accountId("023e105f4ecef8ad9ca31a8372d0c35")).toBe('must be a Cloudflare account id: 32 hex digits (got "023e105f4ecef8ad9ca31a8372d0c35")');
    expect(rules.accountId("../e105f4ecef8ad9ca31a8372d0c353")).toContain("32 hex digits");
  });

  it.each(["not-a-uuid", "14a396e7ca444937bf1f050a69118543", "14a396e7-ca44-4937-bf1f-050a6911854%2F", "../a396e7-ca44-4937-bf1f-050a69118543"])(
    "rejects the app id %j as not a UUID",
    (id) => expect(rules.uuid(id)).toContain("must be a UUID"),
  );

  it("never quotes a token back, even a malformed one", () => {
    const problem = rules.apiToken("secret-value\nX-Injected: 1");
    expect(problem).toBe("must be a non-empty token of visible ASCII characters (no spaces or newlines)");
    expect(rules.apiToken("")).toBe(problem);
    expect(rules.apiToken("abcDEF123_-.")).toBeUndefined();
  });

  it.each([
    ["https://api.cloudflare.com/client/v4", undefined],
    ["http://127.0.0.1:8787/client/v4", undefined],
    ["http://localhost:8787/client/v4", undefined],
    ["http://api.example.com/client/v4", "which would send the API token unencrypted"],
    ["https://user:pw@api.cloudflare.com/client/v4", "must not carry credentials"],
    ["https://api.cloudflare.com/client/v4?x=1", "must not have a query or fragment"],
    // An empty query or fragment is no `search` or `hash` to URL, but every path would be cut at it.
    ["https://api.cloudflare.com/client/v4?", "must not have a query or fragment"],
    ["https://api.cloudflare.com/client/v4#", "must not have a query or fragment"],
    ["http://127.0.0.1:8787/client/v4#", "must not have a query or fragment"],
    ["not a url", "the value given is not a URL"],
    ["ftp://api.cloudflare.com/", "which would send the API token unencrypted"],
  ])("judges the base URL %j", (url, expected) => {
    const problem = rules.baseUrl(url);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });

  it.each([
    "https://user:hunter2@api.cloudflare.com/",
    "api:hunter2@api.cloudflare.com/client/v4",
    "https://user:hunter2@api.cloudflare.com:99999/",
    "http://api.example.com/hunter2/client/v4",
    "https://api.cloudflare.com/hunter2?x=1",
  ])("does not repeat anything but scheme and host of the base URL %j", (url) => {
    const problem = rules.baseUrl(url);
    expect(problem).toBeDefined();
    expect(problem).not.toContain("hunter2");
  });
});
