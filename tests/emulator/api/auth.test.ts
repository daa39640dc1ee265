import { PREFIX, TOKEN, useEmulator } from "../helpers/emulator";

const LIST = `${PREFIX}/livestreams`;

function gatewayError(error: object) {
  return { success: false, errors: [error], messages: [], result: null };
}

const MISSING = gatewayError({ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" });
const MALFORMED = gatewayError({
  code: 6003,
  message: "Invalid request headers",
  error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
});
const REJECTED = gatewayError({ code: 10000, message: "Authentication error" });

describe("authentication", () => {
  const harness = useEmulator();

  it("answers a request without an Authorization header with 400 code 9106", async () => {
    const response = await harness.api("GET", LIST, { authorization: null });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(MISSING);
  });

  it("answers a Global API key (X-Auth-Email and X-Auth-Key) with 400 code 9106, since only tokens are emulated", async () => {
    const response = await harness.api("GET", LIST, {
      authorization: null,
      headers: { "x-auth-email": "user@example.com", "x-auth-key": "0123456789abcdef0123456789abcdef01234" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(MISSING);
  });

  it.each([["Basic dXNlcjpwYXNz"], ["Bearer"], ["Bearer "], [`bearer ${TOKEN}`], [`Bearer ${TOKEN} extra`], [TOKEN]])(
    "answers the Authorization header %j with 400 code 6003 and detail 6111",
    async (authorization) => {
      const response = await harness.api("GET", LIST, { authorization });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(MALFORMED);
    },
  );

  it("answers a well-formed but wrong token with 403 code 10000", async () => {
    const response = await harness.api("GET", LIST, { authorization: "Bearer not-the-suite-token" });
    expect(response.status).toBe(403);
    expect(response.body).toEqual(REJECTED);
  });

  it("never repeats the token or header it was sent in an error", async () => {
    const sent = ["Bearer wrong-secret-value-123", "Token wrong-secret-value-123"];
    for (const authorization of sent) {
      const response = await harness.api("GET", LIST, { authorization });
      expect(JSON.stringify(response.body)).not.toContain("wrong-secret-value-123");
    }
  });

  it("accepts the configured token and ignores the headers Cloudflare's SDKs add", async () => {
    const response = await harness.api("POST", LIST, {
      body: { name: "sdk" },
      headers: {
        "api-version": "2026-11-25",
        "x-stainless-retry-count": "0",
        "x-stainless-timeout": "60",
        "x-stainless-lang": "js",
        "user-agent": "Cloudflare/JS 7.1.0",
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.data.name).toBe("sdk");
  });
});
