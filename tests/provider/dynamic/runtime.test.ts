/**
 * The dynamic door as Pulumi's dynamic provider host calls it. The host prints a failed check, diff,
 * read or delete as `${error}: ${error.stack}` among the stack's diagnostics: for our errors that
 * must be one line, with no JavaScript stack trace.
 */
import runtime = require("../../../provider/dynamic/runtime");
import { AuthenticationError } from "../../../provider/http/errors";
import { ACCOUNT_ID, APP_ID, TOKEN } from "../../helpers/emulator";
import { rawServer } from "../../helpers/raw-server";

const refused = JSON.stringify({ success: false, errors: [{ code: 10000, message: "Authentication error" }], messages: [], result: null });

it("fails a refresh with one line the host prints as 'realtimekit: <message>'", async () => {
  const server = await rawServer(403, "application/json", refused);
  try {
    const settings: Record<string, string> = { "realtimekit:apiToken": TOKEN, "realtimekit:baseUrl": server.baseUrl, "realtimekit:maxRetries": "0" };
    await runtime.configure!({ config: { get: (key: string) => settings[key], require: (key: string) => settings[key] } as never });
    const error = await runtime.read!("7b869017-7824-45b0-8e72-fb155ae7f7ea", { accountId: ACCOUNT_ID, appId: APP_ID, name: "show" } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const printed = `${error}: ${(error as Error).stack}`;
    expect(printed).toBe(`realtimekit: ${(error as Error).message}`);
    expect(printed).toContain("The API token was refused");
    expect(printed).not.toContain("\n");
  } finally {
    await server.close();
  }
});
