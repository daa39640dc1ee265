/**
 * Who reaches the control plane: only requests addressed to the emulator's own address and port (no DNS rebinding
 * from a browser), and, with a control token (required beyond loopback), only its holder.
 */
import { request as httpRequest } from "node:http";
import { DEFAULT_EMULATOR_TOKEN, startEmulator, type RunningEmulator } from "../../../emulator";
import { PREFIX } from "../helpers/emulator";

const CONTROL_TOKEN = "control-token-5f3a";

/** A GET with exactly these headers, `Host` included (fetch would not let a test set it). */
function get(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { headers, setHost: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const HOST_REFUSED = { error: "The control plane answers only requests addressed to the emulator's own address and port (Host header)." };
const TOKEN_REFUSED = { error: "The control plane needs its token: Authorization: Bearer <control token>." };

describe("control plane access", () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  const port = () => new URL(String(emulator?.url)).port;
  const health = (host: string, headers: Record<string, string> = {}) => get(String(emulator?.url), "/__emulator/health", { host, ...headers });

  describe("on loopback without a control token", () => {
    beforeEach(async () => {
      emulator = await startEmulator();
    });

    it("answers requests for its own address and port, and for localhost on that port", async () => {
      expect(await health(`127.0.0.1:${port()}`)).toEqual({ status: 200, body: { ok: true } });
      expect(await health(`LOCALHOST:${port()}`)).toEqual({ status: 200, body: { ok: true } });
    });

    it.each([["rebound.example:{port}"], ["127.0.0.1:1"], ["localhost"], [""]])(
      "refuses 403 a request whose Host is %j: another name (as a rebound DNS name sends), another port, or none",
      async (host) => {
        expect(await health(host.replace("{port}", port()))).toEqual({ status: 403, body: HOST_REFUSED });
      },
    );

    it("leaves the API alone: its Host is not checked", async () => {
      const response = await get(String(emulator?.url), `/client/v4${PREFIX}/livestreams`, {
        host: `rebound.example:${port()}`,
        authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}`,
      });
      expect(response.status).toBe(200);
    });
  });

  describe("with a control token", () => {
    beforeEach(async () => {
      emulator = await startEmulator({ controlToken: CONTROL_TOKEN });
    });

    it("answers only its holder: not without it, not with another token, not with the API token", async () => {
      const host = `127.0.0.1:${port()}`;
      expect(await health(host, { authorization: `Bearer ${CONTROL_TOKEN}` })).toEqual({ status: 200, body: { ok: true } });
      expect(await health(host)).toEqual({ status: 401, body: TOKEN_REFUSED });
      expect(await health(host, { authorization: "Bearer guessed" })).toEqual({ status: 401, body: TOKEN_REFUSED });
      expect(await health(host, { authorization: `Bearer ${DEFAULT_EMULATOR_TOKEN}` })).toEqual({ status: 401, body: TOKEN_REFUSED });
    });

    it("is no API token: the API refuses it with 403 code 10000", async () => {
      const response = await get(String(emulator?.url), `/client/v4${PREFIX}/livestreams`, {
        host: `127.0.0.1:${port()}`,
        authorization: `Bearer ${CONTROL_TOKEN}`,
      });
      expect(response.status).toBe(403);
      expect(response.body.errors).toEqual([{ code: 10000, message: "Authentication error" }]);
    });
  });

  describe("beyond loopback", () => {
    it("refuses to start without a control token, saying why and what to do", async () => {
      await expect(startEmulator({ host: "0.0.0.0" })).rejects.toThrow(
        "The emulator would listen on 0.0.0.0, which other machines can reach, and its control plane (/__emulator) would be open " +
          "to them: give a control token (--control-token, REALTIMEKIT_EMULATOR_CONTROL_TOKEN, or the controlToken option), or " +
          "listen on 127.0.0.1.",
      );
    });

    it("with a token, answers requests for the address they arrived at, and refuses other names and localhost", async () => {
      emulator = await startEmulator({ host: "0.0.0.0", controlToken: CONTROL_TOKEN });
      const url = `http://127.0.0.1:${port()}`;
      const authorization = `Bearer ${CONTROL_TOKEN}`;
      const at = (host: string) => get(url, "/__emulator/health", { host, authorization });
      expect(await at(`127.0.0.1:${port()}`)).toEqual({ status: 200, body: { ok: true } });
      expect(await at(`0.0.0.0:${port()}`)).toEqual({ status: 200, body: { ok: true } });
      expect(await at(`rebound.example:${port()}`)).toEqual({ status: 403, body: HOST_REFUSED });
      expect(await at(`localhost:${port()}`)).toEqual({ status: 403, body: HOST_REFUSED });
    });
  });

  it.each([
    [{ controlToken: "" }, "The control token must not be empty."],
    [{ controlToken: "same", token: "same" }, "The control token must differ from the API token"],
  ])("refuses to start with %j", async (options, message) => {
    await expect(startEmulator(options)).rejects.toThrow(message);
  });
});
