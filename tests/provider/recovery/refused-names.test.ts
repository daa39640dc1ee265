/** What recovery says of a create it leaves to `pulumi up` whose name the app holds: `up` refuses it, so not "up creates it". */
import { RealtimeKitClient } from "../../../provider/http/client";
import { PendingCreate } from "../../../provider/recovery/pending-creates";
import { refusalAdvice, refusedNames } from "../../../provider/recovery/refused-names";
import { ACCOUNT_ID, APP_ID, TOKEN, useEmulator } from "../../helpers/emulator";

const emulator = useEmulator();
const urn = (name: string) => `urn:pulumi:dev::p::pulumi-nodejs:dynamic/realtimekit:IndependentLivestream::${name}`;
const declared = (name: unknown): PendingCreate => ({ urn: urn(String(name)), inputs: { name: name as string, accountId: ACCOUNT_ID, appId: APP_ID } });

describe("the names 'pulumi up' refuses after recovery", () => {
  it("finds each create whose name its app holds, however old the holder (one 'pulumi destroy' left), and only those", async () => {
    const kept = await emulator.seed({ name: "kept", created_at: "2026-01-01T00:00:00.000Z" });
    const client = new RealtimeKitClient({ baseUrl: emulator.baseUrl, apiToken: TOKEN, timeoutMs: 5000 });
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
    const refused = await refusedNames(() => client, [declared("kept"), declared("free"), declared(secret)]);
    expect([...refused]).toEqual([[urn("kept"), [{ livestreamId: kept.id, createdAt: kept.created_at }]]]);
  });

  it("says what takes the name instead: adopting the holder by id (or adoptExisting), or another name", () => {
    const advice = refusalAdvice(urn("kept"), "kept", [{ livestreamId: "ls-1", createdAt: "2026-01-01T00:00:00.000Z" }], "none of them was created since X");
    expect(advice).toContain(`${urn("kept")}: 'pulumi up' refuses the name 'kept', which its app holds: ls-1 (created 2026-01-01T00:00:00.000Z); none of them was created since X`);
    expect(advice).toContain("set 'adoptLivestreamId: ls-1' (or 'adoptExisting: true') on the resource; otherwise give the resource another name");
    expect(advice).not.toMatch(/'pulumi up' creates/);
  });
});
