/** Which stack of this machine took each adopted livestream: the first claim holds until its stack lets go. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { adoptionClaims, claimAdoption, releaseAdoption, releaseImportClaims } from "../../../provider/names/adoption-register";

const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), "rtk-adoptions-test-"));
process.env.XDG_CACHE_HOME = cacheHome;
afterAll(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

const API = "http://127.0.0.1:1/client/v4/";
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const at = "2026-12-07T03:00:00.000Z";

describe("the adoption register", () => {
  it("gives a livestream to the first stack that claims it, and answers that claim to any other stack", () => {
    expect(claimAdoption(API, id(1), { stack: "p/a", by: "realtimekit-import", at })).toBeUndefined();
    expect(claimAdoption(API, id(1), { stack: "p/a", by: "pulumi up", at })).toBeUndefined();
    expect(claimAdoption(API, id(1), { stack: "p/b", by: "pulumi up", at })).toEqual({ stack: "p/a", by: "pulumi up", at });
    expect(claimAdoption(`${API}/`, id(1).toUpperCase(), { stack: "p/b", by: "realtimekit-import", at })).toMatchObject({ stack: "p/a" });
    expect(claimAdoption("http://other-api/", id(1), { stack: "p/b", by: "pulumi up", at })).toBeUndefined();
  });

  it("lists the claims of the ids asked for", () => {
    claimAdoption(API, id(2), { stack: "p/b", by: "realtimekit-import", at });
    expect(adoptionClaims(API, [id(1), id(2), id(3)])).toEqual(new Map([[id(1), { stack: "p/a", by: "pulumi up", at }], [id(2), { stack: "p/b", by: "realtimekit-import", at }]]));
  });

  it("lets go of a livestream its stack no longer holds, and of a stack's import claims that its state does not hold", () => {
    releaseAdoption(API, id(1));
    expect(claimAdoption(API, id(1), { stack: "p/b", by: "pulumi up", at })).toBeUndefined();
    claimAdoption(API, id(3), { stack: "p/b", by: "realtimekit-import", at });
    claimAdoption(API, id(4), { stack: "p/c", by: "realtimekit-import", at });
    expect(releaseImportClaims(API, "p/b", new Set([id(3)]))).toEqual([id(2)]);
    expect([...adoptionClaims(API, [id(1), id(2), id(3), id(4)]).keys()]).toEqual([id(1), id(3), id(4)]);
  });
});
