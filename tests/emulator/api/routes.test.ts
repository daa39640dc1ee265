import { ROUTES } from "../../../emulator/api/routes";
import { PREFIX, TOKEN, useEmulator } from "../helpers/emulator";
import { historicalRoutes, specOperations } from "../helpers/spec";

const NO_ROUTE = { success: false, errors: [{ code: 7000, message: "No route for that URI" }], messages: [], result: null };

function couldNotRoute(path: string) {
  const message = `Could not route to /client/v4${path}, perhaps your object identifier is invalid?`;
  return { success: false, errors: [{ code: 7003, message }], messages: [], result: null };
}

const LIVESTREAM_ID = "3fd739f4-3c41-456e-bfba-6ebd51e16d2c";

describe("the route table", () => {
  it("holds exactly the spec's operations, on the spec's methods and paths", () => {
    const ours = ROUTES.map((route) => [route.operation, route.method, route.path]).sort();
    const theirs = specOperations()
      .map((operation) => [operation.operationId, operation.method, operation.path])
      .sort();
    expect(ours).toEqual(theirs);
  });
});

describe("routing", () => {
  const harness = useEmulator();

  it.each([
    ["GET", "/zones"],
    ["GET", `${PREFIX}/nothing-here`],
    ["GET", `${PREFIX}/livestreams/`],
    ["PUT", `${PREFIX}/livestreams`],
    ["DELETE", `${PREFIX}/livestreams/${LIVESTREAM_ID}`],
    ["PUT", `${PREFIX}/livestreams/${LIVESTREAM_ID}`],
    ["PATCH", `${PREFIX}/livestreams/${LIVESTREAM_ID}`],
    ["GET", `/accounts/023e105f4ecef8ad9ca31a8372d0c353/realtimekit/${LIVESTREAM_ID}/livestreams`],
  ])("answers %s %s with 404 code 7000", async (method, path) => {
    const response = await harness.api(method, path);
    expect(response.status).toBe(404);
    expect(response.body).toEqual(NO_ROUTE);
  });

  it.each(historicalRoutes().map(([method, path]) => [method, path.replace("{livestream_id}", LIVESTREAM_ID)]))(
    "answers the removed operation %s %s with 404 code 7000",
    async (method, path) => {
      const response = await harness.api(method, `${PREFIX}${path}`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual(NO_ROUTE);
    },
  );

  it("answers paths outside /client/v4 with 404 code 7000", async () => {
    const response = await fetch(`${harness.emulator.url}/livestreams`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(NO_ROUTE);
  });

  it.each([
    ["an account id that is too short", "/accounts/023e105f/realtime/kit/14a396e7-ca44-4937-bf1f-050a69118543/livestreams"],
    ["an upper-case account id", "/accounts/023E105F4ECEF8AD9CA31A8372D0C353/realtime/kit/14a396e7-ca44-4937-bf1f-050a69118543/livestreams"],
    ["an app id that is 32 hex characters, not a UUID", "/accounts/023e105f4ecef8ad9ca31a8372d0c353/realtime/kit/14a396e7ca444937bf1f050a69118543/livestreams"],
    ["an app id that is a word", "/accounts/023e105f4ecef8ad9ca31a8372d0c353/realtime/kit/my-app/livestreams"],
  ])("answers %s with 404 code 7003 naming the path", async (_case, path) => {
    const response = await harness.api("GET", path);
    expect(response.status).toBe(404);
    expect(response.body).toEqual(couldNotRoute(path));
  });

  it("routes before it authenticates, so an unknown route needs no token", async () => {
    const response = await harness.api("GET", `${PREFIX}/nothing-here`, { authorization: null });
    expect(response.status).toBe(404);
    expect(response.body).toEqual(NO_ROUTE);
  });

  it("answers routing errors as application/json", async () => {
    const response = await harness.api("GET", "/zones");
    expect(response.headers.get("content-type")).toBe("application/json");
  });
});
