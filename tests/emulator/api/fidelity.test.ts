/**
 * The emulator's responses, held against Cloudflare's published OpenAPI fragment: each operation's success status,
 * its response schema, and the keys of the spec's example. Where the schema and its own example disagree the emulator
 * follows the example (shared/reference/realtimekit-api.md §1 and §6.2); every such difference is listed below with
 * its reason, and the tests fail if the emulator differs in any way not listed.
 */
import { MEETING_ID, PREFIX, useEmulator, type JsonResponse } from "../helpers/emulator";
import { checkSchema, keyPaths, schemaAt, spec, specOperations, valuesAt, type Schema } from "../helpers/spec";

/** The examples show null for these fields where the schema does not say nullable (reference §1, "can be null"). */
const NULL_BY_EXAMPLE = ["name", "meeting_id", "err_message", "invoked_time", "stopped_time"];

/**
 * Where the emulator follows the example's layout, the parts the example moves are checked against the schema part
 * meant for them: `[where in the response ("[]" = each item), where in the schema]`.
 */
const MOVED: Record<string, [string, string][]> = {
  // data is an array of livestreams with a top-level paging; the schema has one livestream-like object with paging in it
  fetch_all_livestreams: [
    ["data[]", "data"],
    ["paging", "data.paging"],
  ],
  // sessions is an array and paging is top-level; the schema has one `session` object and paging inside data
  "get-v2-livestream-session-livestream-id": [
    ["data.sessions[]", "data.session"],
    ["paging", "data.paging"],
  ],
  // the example has get-livestream's shape; the schema has a `livestreams` array and one `sessions` object
  "livestream-session-details": [
    ["data.livestream", "data.livestreams[]"],
    ["data.sessions[]", "data.sessions"],
    ["paging", "data.paging"],
  ],
  // the example nests the sessions in data.data; the schema has one session-like object with paging in it
  "get-v2-livestreamsession-session-meetingId-active-livestream": [["data.data[]", "data"]],
};

/** `disabled` is a boolean in the create schema, LivestreamBase and every example; these schemas say string. */
const disabledAsBoolean = (path: string) => `${path}.disabled: boolean where string expected`;

/**
 * Schema problems the emulator has on purpose, by operation, as the checker reports them. Reasons:
 * array/not declared: the example's layout (see MOVED); disabled: see above; seconds as numbers: the examples send
 * numbers (and fractional viewer_seconds), this schema says string or integer; a session field "not declared"
 * (invoked_time, viewer_seconds, started_time): the operation's example has it, its schema leaves it out.
 */
const SCHEMA_DEVIATIONS: Record<string, string[]> = {
  fetch_all_livestreams: [
    "$.data: array where object expected",
    "$.paging: not declared",
    disabledAsBoolean("$.data[0]"),
    disabledAsBoolean("$.data[1]"),
  ],
  "get-v2-livestream-session-livestream-id": [
    disabledAsBoolean("$.data.livestream"),
    "$.data.sessions: not declared",
    "$.paging: not declared",
  ],
  "get-v2-active-livestream-session-details": [
    disabledAsBoolean("$.data.livestream"),
    "$.data.session.ingest_seconds: integer where string expected",
    "$.data.session.viewer_seconds: integer where string expected",
  ],
  "get-v2-livestreams-livestream-session-id": [
    "$.data.invoked_time: not declared",
    "$.data.viewer_seconds: number where integer expected",
  ],
  "get-v2-meetings-meetingId-active-livestream": [disabledAsBoolean("$.data")],
  "livestream-session-details": [
    "$.data.livestream: not declared",
    "$.data.sessions: array where object expected",
    "$.paging: not declared",
    "$.data.sessions[0].ingest_seconds: integer where string expected",
    "$.data.sessions[0].viewer_seconds: not declared",
  ],
  "get-v2-livestreamsession-session-meetingId-active-livestream": [
    "$.data.data: not declared",
    "$.data.data[0].started_time: not declared",
  ],
};

/** Differences from the keys of the spec's example, by operation. */
const EXAMPLE_DEVIATIONS: Record<string, string[]> = {
  // the example leaves out ingest_server and stream_key; the schema lists them, and the emulator sends them
  "get-v2-meetings-meetingId-active-livestream": ["extra $.data.ingest_server", "extra $.data.stream_key"],
};

const MEETING_SESSION_ID = "4f2c3b1a-0d9e-4c7b-8a6f-5e4d3c2b1a09";
const OTHER_MEETING_ID = "aaa87945-df1c-49d9-8159-262a7ae6cfde";

describe("fidelity to the published OpenAPI fragment", () => {
  const harness = useEmulator();
  const ids = { livestream: "", session: "" };

  beforeEach(async () => {
    const created = await harness.api("POST", `${PREFIX}/livestreams`, { body: { name: "fidelity" } });
    ids.livestream = created.body.data.id;
    const started = await harness.api("POST", `${PREFIX}/meetings/${MEETING_ID}/livestreams`, { body: {} });
    const stopped = await harness.control("POST", "/sessions", {
      livestream_id: ids.livestream,
      started_time: "2023-07-15T07:08:39.000Z",
      stopped_time: "2023-07-15T07:10:45.000Z",
      ingest_seconds: 118,
      viewer_seconds: 116.11599994199997,
    });
    ids.session = stopped.body.id;
    await harness.control("POST", "/sessions", { livestream_id: ids.livestream, session_id: MEETING_SESSION_ID });
    await harness.control("POST", "/sessions", { livestream_id: started.body.data.id });
  });

  const calls: Record<string, () => Promise<JsonResponse>> = {
    create_livestream: () => harness.api("POST", `${PREFIX}/livestreams`, { body: { name: "another" } }),
    fetch_all_livestreams: () => harness.api("GET", `${PREFIX}/livestreams`),
    "get-v2-livestream-session-livestream-id": () => harness.api("GET", `${PREFIX}/livestreams/${ids.livestream}`),
    "get-v2-active-livestream-session-details": () =>
      harness.api("GET", `${PREFIX}/livestreams/${ids.livestream}/active-livestream-session`),
    "get-v2-livestreams-livestream-session-id": () => harness.api("GET", `${PREFIX}/livestreams/sessions/${ids.session}`),
    "get-v2-livestreamsession-session-meetingId-active-livestream": () =>
      harness.api("GET", `${PREFIX}/sessions/${MEETING_SESSION_ID}/livestream-sessions`),
    "get-v2-meetings-meetingId-active-livestream": () => harness.api("GET", `${PREFIX}/meetings/${MEETING_ID}/active-livestream`),
    "livestream-session-details": () => harness.api("GET", `${PREFIX}/meetings/${MEETING_ID}/livestream`),
    "start-livestreaming": () => harness.api("POST", `${PREFIX}/meetings/${OTHER_MEETING_ID}/livestreams`, { body: {} }),
    stop_livestreaming: () => harness.api("POST", `${PREFIX}/meetings/${MEETING_ID}/active-livestream/stop`),
    "get-livestream-analytics-complete": () => harness.api("GET", `${PREFIX}/analytics/livestreams/overall`),
    "get-livestream-analytics-daywise": () => harness.api("GET", `${PREFIX}/analytics/livestreams/daywise`),
  };

  it("has a call for every operation of the spec", () => {
    expect(Object.keys(calls).sort()).toEqual(specOperations().map((operation) => operation.operationId).sort());
  });

  describe.each(specOperations().map((operation) => [operation.operationId, operation] as const))("%s", (_id, operation) => {
    it(`answers with the documented status ${operation.status}`, async () => {
      expect((await calls[operation.operationId]()).status).toBe(operation.status);
    });

    it("fits the response schema, apart from the listed deviations", async () => {
      const { body } = await calls[operation.operationId]();
      const options = { nullAllowed: NULL_BY_EXAMPLE };
      const issues = [
        ...checkSchema(operation.schema, body, "$", options),
        ...(MOVED[operation.operationId] ?? []).flatMap(([ours, theirs]) =>
          valuesAt(body, ours).flatMap(([path, value]) => checkSchema(schemaAt(operation.schema, theirs), value, path, options)),
        ),
      ];
      expect(issues).toEqual(SCHEMA_DEVIATIONS[operation.operationId] ?? []);
    });

    if (operation.example !== undefined) {
      it("has the keys of the spec's example, apart from the listed deviations", async () => {
        const { body } = await calls[operation.operationId]();
        const ours = keyPaths(body);
        const theirs = keyPaths(operation.example);
        const differences = [
          ...ours.filter((key) => !theirs.includes(key)).map((key) => `extra ${key}`),
          ...theirs.filter((key) => !ours.includes(key)).map((key) => `missing ${key}`),
        ];
        expect(differences).toEqual(EXAMPLE_DEVIATIONS[operation.operationId] ?? []);
      });
    }
  });

  it("answers an unknown livestream with a body that fits realtimekit_ErrorResponse", async () => {
    const { status, body } = await harness.api("GET", `${PREFIX}/livestreams/3fd739f4-3c41-456e-bfba-6ebd51e16d2c`);
    expect(status).toBe(404);
    const schema: Schema = { $ref: "#/components/schemas/realtimekit_ErrorResponse" };
    expect(checkSchema(schema, body)).toEqual([]);
    expect(checkSchema(spec.components.schemas.realtimekit_GenericErrorResponse, body)).toEqual([]);
  });
});
