/**
 * Bad input of every kind fails at `pulumi preview`, through both doors (the dynamic provider from
 * TypeScript, the plugin from Pulumi YAML), naming the field and what is allowed, in one line with
 * no stack trace, with no request posted and nothing written to state; secrets in bad values are
 * never echoed. API failures fail `up` and `refresh` the same way, and never print the token or a
 * stream key, nor write the token to any state file.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { ACCOUNT_ID, APP_ID, EmulatorControl, TOKEN, useEmulator } from "../helpers/emulator";
import { filesHolding, stackFor } from "../helpers/e2e";
import { unconfiguredYamlStack, yamlProjectHeader, yamlProjectStack, yamlStackFor } from "../helpers/plugin";
import { ownCase, sideBySide } from "../helpers/side-by-side";
import { DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(600_000);
const POST = "POST create_livestream";
/** A JavaScript stack trace line, as Node prints one. */
const STACK_TRACE = /\n\s+at .+[(/].+:\d+:\d+\)?\n/;

/** Each door: its example, the config key its livestream's name comes from, and how to make its stack. */
const doors = [
  {
    door: "the dynamic provider (TypeScript)", example: "examples/quickstart", nameKey: "livestreamName", type: DYNAMIC_TYPE_TOKEN,
    configured: (e: EmulatorControl, env?: Record<string, string>) => stackFor("examples/quickstart", e, "test", env),
    byEnvironment: (env: Record<string, string>) => PulumiStack.create("examples/quickstart", { env }),
  },
  {
    door: "the plugin (Pulumi YAML)", example: "examples/yaml-quickstart", nameKey: "backstageName", type: PLUGIN_TYPE_TOKEN,
    configured: (e: EmulatorControl, env?: Record<string, string>) => yamlStackFor("examples/yaml-quickstart", e, "test", env),
    byEnvironment: (env: Record<string, string>) => unconfiguredYamlStack("examples/yaml-quickstart", { env }),
  },
] as const;

interface BadCase {
  /** The livestream's name, set in the config key the door's example reads it from. */
  name?: string;
  /** Plain stack config to set for this case. */
  config?: Record<string, string>;
  /** Secret stack config to set for this case. */
  secret?: Record<string, string>;
  /** Environment for this case. */
  env?: Record<string, string>;
  /** What the error must say. */
  says: string;
  /** A value that must not be echoed (a token). */
  hidden?: string;
}

const NAME_RULE = "must be 1-100 characters, each a letter, digit, '-' or '_'";
const ACCOUNT_RULE = "accountId must be a Cloudflare account id: 32 hex digits";
const APP_RULE = "appId must be a UUID";
const URL_RULE = "Config 'realtimekit:baseUrl' must be an https URL such as https://api.cloudflare.com/client/v4 (http only for localhost)";
const TOKEN_RULE = "Config 'realtimekit:apiToken' must be a non-empty token of visible ASCII characters (no spaces or newlines)";

const settingCases: [string, BadCase][] = [
  ["a name with a space", { name: "has space", says: `name ${NAME_RULE} (got "has space")` }],
  ["a unicode name", { name: "ünïcode", says: `name ${NAME_RULE} (got "ünïcode")` }],
  ["a name with a control character", { name: "tab\there", says: `name ${NAME_RULE} (got "tab\\there")` }],
  ["a name of 101 characters", { name: "a".repeat(101), says: "101 characters" }],
  ["an empty name", { name: "", says: `name ${NAME_RULE} (got "")` }],
  ["a name with a slash", { name: "a/b", says: `name ${NAME_RULE} (got "a/b")` }],
  ["a name with a dot", { name: "a.b", says: `name ${NAME_RULE} (got "a.b")` }],
  ["a name with %2F", { name: "x%2Fy", says: `name ${NAME_RULE} (got "x%2Fy")` }],
  ["a name with a question mark", { name: "x?y=1", says: `name ${NAME_RULE} (got "x?y=1")` }],
  ["a name with ../", { name: "../etc", says: `name ${NAME_RULE} (got "../etc")` }],
  ["a short account id", { config: { "realtimekit:accountId": "123" }, says: `${ACCOUNT_RULE} (got "123")` }],
  ["a non-hex account id", { config: { "realtimekit:accountId": "zz3e105f4ecef8ad9ca31a8372d0c353" }, says: ACCOUNT_RULE }],
  ["an account id with ../", { config: { "realtimekit:accountId": "../../105f4ecef8ad9ca31a8372d0c3" }, says: ACCOUNT_RULE }],
  ["an account id with %2F", { config: { "realtimekit:accountId": "023e105f4ecef8ad9ca31a8372d0%2F" }, says: ACCOUNT_RULE }],
  ["an app id that is not a UUID", { config: { "realtimekit:appId": "not-a-uuid" }, says: `${APP_RULE} such as 14a396e7-ca44-4937-bf1f-050a69118543 (got "not-a-uuid")` }],
  ["an app id without dashes", { config: { "realtimekit:appId": "14a396e7ca444937bf1f050a69118543" }, says: APP_RULE }],
  ["an app id with a question mark", { config: { "realtimekit:appId": "14a396e7-ca44-4937-bf1f-050a6911854?" }, says: APP_RULE }],
  ["an app id with ../", { config: { "realtimekit:appId": "../a396e7-ca44-4937-bf1f-050a69118543" }, says: APP_RULE }],
  ["a base URL that is not a URL", { config: { "realtimekit:baseUrl": "not a url" }, says: `${URL_RULE}; the value given is not a URL` }],
  ["a base URL with credentials", { config: { "realtimekit:baseUrl": "https://user:pw@api.cloudflare.com/client/v4" }, says: `${URL_RULE}; it must not carry credentials`, hidden: "user:pw" }],
  ["a base URL with a query", { config: { "realtimekit:baseUrl": "https://api.cloudflare.com/client/v4?x=1" }, says: `${URL_RULE}; it must not have a query or fragment` }],
  ["a base URL ending in '?'", { config: { "realtimekit:baseUrl": "https://api.cloudflare.com/client/v4?" }, says: `${URL_RULE}; it must not have a query or fragment` }],
  ["a base URL ending in '#'", { config: { "realtimekit:baseUrl": "https://api.cloudflare.com/client/v4#" }, says: `${URL_RULE}; it must not have a query or fragment` }],
  ["a plain-http base URL off loopback", { config: { "realtimekit:baseUrl": "http://api.example.com/client/v4" }, says: "which would send the API token unencrypted" }],
  ["an ftp base URL", { config: { "realtimekit:baseUrl": "ftp://api.cloudflare.com/client/v4" }, says: "which would send the API token unencrypted" }],
  ["a token with a space", { secret: { "realtimekit:apiToken": "tok en-1234" }, says: TOKEN_RULE, hidden: "tok en-1234" }],
  ["a token with a newline", { secret: { "realtimekit:apiToken": "token\nX-Injected: yes" }, says: TOKEN_RULE, hidden: "X-Injected" }],
  ["a token stored in plain text", { config: { "realtimekit:apiToken": "plain-token-0123456789" }, says: "Config 'realtimekit:apiToken' is stored in plain text: set it again with 'pulumi config set --secret realtimekit:apiToken <token>'", hidden: "plain-token-0123456789" }],
  ["a unicode token", { secret: { "realtimekit:apiToken": "tökenvalue99" }, says: TOKEN_RULE, hidden: "tökenvalue99" }],
  ["a zero timeout", { config: { "realtimekit:timeoutSeconds": "0" }, says: `Config 'realtimekit:timeoutSeconds' must be a whole number from 1 to 600 (got "0")` }],
  ["a timeout that is not a number", { config: { "realtimekit:timeoutSeconds": "soon" }, says: `Config 'realtimekit:timeoutSeconds' must be a whole number from 1 to 600 (got "soon")` }],
  ["negative retries", { config: { "realtimekit:maxRetries": "-1" }, says: `Config 'realtimekit:maxRetries' must be a whole number from 0 to 10 (got "-1")` }],
  ["too many retries", { config: { "realtimekit:maxRetries": "11" }, says: `Config 'realtimekit:maxRetries' must be a whole number from 0 to 10 (got "11")` }],
  ["a settle window of one second", { config: { "realtimekit:createSettleSeconds": "1" }, says: `Config 'realtimekit:createSettleSeconds' must be a whole number from 2 to 600 (got "1")` }],
];

/** Cases where settings come from the environment: the stack has no realtimekit config. */
const envCases: [string, BadCase][] = [
  ["a short CLOUDFLARE_ACCOUNT_ID", { env: { CLOUDFLARE_ACCOUNT_ID: "short" }, says: `${ACCOUNT_RULE} (got "short")` }],
  ["a CLOUDFLARE_REALTIMEKIT_APP_ID that is not a UUID", { env: { CLOUDFLARE_REALTIMEKIT_APP_ID: "nope" }, says: `${APP_RULE} such as` }],
  ["a private-network plain-http CLOUDFLARE_BASE_URL", { env: { CLOUDFLARE_BASE_URL: "http://10.0.0.1/client/v4" }, says: "Environment variable CLOUDFLARE_BASE_URL must be an https URL" }],
  ["a CLOUDFLARE_API_TOKEN with a space", { env: { CLOUDFLARE_API_TOKEN: "bad token-xyz" }, says: "Environment variable CLOUDFLARE_API_TOKEN must be a non-empty token", hidden: "bad token-xyz" }],
  ["no token anywhere", { env: { CLOUDFLARE_API_TOKEN: "" }, says: "No Cloudflare API token: set it with 'pulumi config set --secret realtimekit:apiToken <token>' or the CLOUDFLARE_API_TOKEN environment variable" }],
  ["no account anywhere", { env: { CLOUDFLARE_ACCOUNT_ID: "" }, says: "accountId is required: set it on the resource, or through config 'realtimekit:accountId' or CLOUDFLARE_ACCOUNT_ID" }],
  ["no app anywhere", { env: { CLOUDFLARE_REALTIMEKIT_APP_ID: "" }, says: "appId is required: set it on the resource, or through config 'realtimekit:appId' or CLOUDFLARE_REALTIMEKIT_APP_ID" }],
];

/** Cases in the from-config list, written with `pulumi config set --path`. */
const listCases: [string, BadCase][] = [
  ["a plain string instead of a list", { config: { livestreams: "main-stage" }, says: `Config 'livestreams' must be a list of livestreams, each with at least a 'name' (got "main-stage")` }],
  ["an object instead of a list", { config: { "livestreams.name": "main-stage" }, says: "Config 'livestreams' must be a list of livestreams, each with at least a 'name'" }],
  ["an entry that is not an object", { config: { "livestreams[0]": "main-stage" }, says: "Config 'livestreams[0]' must be an object such as {name: main-stage}" }],
  ["an entry with an unknown field", { config: { "livestreams[0].name": "a", "livestreams[0].colour": "red" }, says: "Config 'livestreams[0]' field 'colour' is not a livestream setting" }],
  ["an entry without a name", { config: { "livestreams[0].appId": APP_ID }, says: "Config 'livestreams[0]' needs a 'name'" }],
  ["two entries of one name", { config: { "livestreams[0].name": "twin", "livestreams[1].name": "twin" }, says: "Config 'livestreams[1]' repeats 'twin'" }],
  ["an entry with a bad name", { config: { "livestreams[0].name": "bad name" }, says: `Config 'livestreams[0]' field 'name' ${NAME_RULE}` }],
  ["an entry with a bad app id", { config: { "livestreams[0].name": "a", "livestreams[0].appId": "x" }, says: `Config 'livestreams[0]' field 'appId' must be a UUID` }],
  ["an entry with a bad account id", { config: { "livestreams[0].name": "a", "livestreams[0].accountId": "x" }, says: `Config 'livestreams[0]' field 'accountId' must be a Cloudflare account id` }],
];

/** What one bad input did at preview, seen from outside: the exit, the output, the backend, Cloudflare. */
interface Attempt {
  code: number;
  printed: string;
  /** Files of the backend holding the token. */
  tokenFiles: string[];
  /** The requests Cloudflare received during the preview. */
  calls: string[];
  resources: unknown[];
}

/**
 * The case's config set as a user sets it, secrets with `pulumi config set-all --secret`, plain values with `pulumi
 * preview --config` (one command, not two: a CLI start costs a third of a CPU-second), keys as paths; then the preview
 * runs with the case's environment.
 */
async function attempt(stack: PulumiStack, emulator: EmulatorControl, { nameKey, type }: { nameKey: string; type: string }, c: BadCase): Promise<Attempt> {
  const plaintext = { ...c.config, ...(c.name !== undefined ? { [nameKey]: c.name } : {}) };
  await stack.setAll({ secret: c.secret, path: true });
  const config = Object.entries(plaintext).flatMap(([key, value]) => ["--config", `${key}=${value}`]);
  const before = (await emulator.calls()).length;
  const result = await stack.run(["preview", ...(config.length > 0 ? ["--config-path", ...config] : [])], { allowFailure: true, env: c.env });
  return {
    code: result.code, printed: result.stdout + result.stderr, tokenFiles: filesHolding(path.join(stack.dir, "state"), TOKEN),
    calls: (await emulator.calls()).slice(before), resources: await stack.resources(type),
  };
}

function expectRefused(a: Attempt, c: BadCase): void {
  expect(a.code).not.toBe(0);
  expect(a.printed).toContain(c.says);
  // A user's mistake is a message, not a crash: no JavaScript stack trace.
  expect(a.printed).not.toMatch(STACK_TRACE);
  if (c.hidden) expect(a.printed).not.toContain(c.hidden);
  expect(a.printed).not.toContain(TOKEN);
  expect(a.tokenFiles).toEqual([]);
  // The YAML example's lookup may list; nothing is ever posted.
  expect(a.calls).not.toContain(POST);
  expect(a.resources).toEqual([]);
}

type MakeStack = (emulator: EmulatorControl, env: Record<string, string>) => Promise<PulumiStack>;

/**
 * The cases of one stack, one after another, each from the stack's good config (its file written back: no command),
 * with an emulator and TMPDIR of its own.
 */
function casesOnOneStack(make: MakeStack, door: { nameKey: string; type: string }, cases: [string, BadCase][]): Promise<Attempt[]> {
  return ownCase(async (emulator, env) => {
    const stack = await make(emulator, env);
    try {
      const good = fs.existsSync(stack.configFile) ? fs.readFileSync(stack.configFile, "utf8") : undefined;
      const attempts: Attempt[] = [];
      for (const [, c] of cases) {
        if (good === undefined) fs.rmSync(stack.configFile, { force: true });
        else fs.writeFileSync(stack.configFile, good);
        attempts.push(await attempt(stack, emulator, door, c));
      }
      return attempts;
    } finally {
      stack.dispose();
    }
  });
}

const goodEnv = (e: EmulatorControl) => ({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID, CLOUDFLARE_REALTIMEKIT_APP_ID: APP_ID, CLOUDFLARE_BASE_URL: e.baseUrl });
/** Each group of cases, and how its stacks are made; from-config's first, since its cases throw in the program (see below). */
const groups: { door: string; title: string; cases: [string, BadCase][]; make: MakeStack; on: { nameKey: string; type: string } }[] = [
  { door: "", title: "from-config", cases: listCases, make: (e, env) => stackFor("examples/from-config", e, "test", env), on: { nameKey: "unused", type: DYNAMIC_TYPE_TOKEN } },
  ...doors.flatMap((door) => [
    { door: door.door, title: "configured in stack config", cases: settingCases, make: door.configured, on: door },
    { door: door.door, title: "configured by environment", cases: envCases, make: (e: EmulatorControl, env: Record<string, string>) => door.byEnvironment({ ...goodEnv(e), ...env }), on: door },
  ]),
];

/**
 * A preview mostly waits (on process starts, and a program that throws ends only some 45 s later, when Pulumi's
 * connections to it close): a group's cases run on stacks of CASES_PER_STACK each, STACKS_AT_ONCE stacks side by side.
 */
const CASES_PER_STACK = 5;
const STACKS_AT_ONCE = 8;
const chunksOf = <T>(list: T[]): T[][] => Array.from({ length: Math.ceil(list.length / CASES_PER_STACK) }, (_, i) => list.slice(i * CASES_PER_STACK, (i + 1) * CASES_PER_STACK));

/** Every group's cases started (beforeAll); per group, each case's attempt as its stack ends. */
function startAll(): Promise<Attempt>[][] {
  const stacks: Record<string, () => Promise<Attempt[]>> = {};
  groups.forEach((g, gi) => chunksOf(g.cases).forEach((chunk, ci) => (stacks[`${gi}.${ci}`] = () => casesOnOneStack(g.make, g.on, chunk))));
  const ends = sideBySide(stacks, STACKS_AT_ONCE);
  return groups.map((g, gi) => chunksOf(g.cases).flatMap((chunk, ci) => chunk.map((_, k) => {
    const one = ends[`${gi}.${ci}`].then((attempts) => attempts[k]);
    one.catch(() => undefined); // its test reports the failure
    return one;
  })));
}
let attempts: Promise<Attempt>[][];
beforeAll(() => {
  attempts = startAll();
});
/** The test of one case: its group's attempt at it, refused. */
const refused = (door: string, title: string) => async (_name: string, c: BadCase) => {
  const group = groups.findIndex((g) => g.door === door && g.title === title);
  expectRefused(await attempts[group][groups[group].cases.findIndex(([, x]) => x === c)], c);
};

describe.each(doors)("bad input through $door is refused at preview", ({ door }) => {
  describe.each([
    ["configured in stack config", settingCases],
    ["configured by environment", envCases],
  ] as const)("%s", (title, cases) => {
    it.each(cases)("%s", refused(door, title));
  });
});

describe("bad entries of the from-config list are refused at preview", () => {
  it.each(listCases)("%s", refused("", "from-config"));
});

/** A Pulumi YAML program whose livestream's name comes from typed config, through an explicit provider with `provider` properties. */
function typedProgram(nameConfig: string, provider: string): string {
  return `${yamlProjectHeader("realtimekit-typed")}config:
  stageName:
    ${nameConfig}
resources:
  studio:
    type: pulumi:providers:realtimekit
    properties:
      accountId: ${ACCOUNT_ID}
      appId: ${APP_ID}
      ${provider}
  show:
    type: realtimekit:IndependentLivestream
    properties:
      name: \${stageName}
    options:
      provider: \${studio}
`;
}

describe("values of the wrong type from Pulumi YAML are refused at preview", () => {
  const token = `apiToken: { fn::secret: ${TOKEN} }`;
  const good = (url: string) => `${token}\n      baseUrl: ${url}`;
  // Each its own project and emulator, side by side.
  it.concurrent.each([
    ["a name from integer config", "{ type: integer, default: 42 }", "", "property name value {42} has a problem: name must be a string of 1-100 letters, digits, '-' or '_'"],
    ["a name from boolean config", "{ type: boolean, default: true }", "", "property name value {true} has a problem: name must be a string of 1-100 letters, digits, '-' or '_'"],
    ["a fractional timeout", "{ type: string, default: show }", "timeoutSeconds: 0.5", `must be a whole number from 1 to 600 (got "0.5")`],
    ["a timeout given as text", "{ type: string, default: show }", "timeoutSeconds: soon", "timeoutSeconds: Cannot assign type 'string' to type 'number'"],
    ["retries given as a boolean", "{ type: string, default: show }", "maxRetries: true", "maxRetries: Cannot assign type 'boolean' to type 'number'"],
    ["an explicit provider's base URL ending in '#'", "{ type: string, default: show }", "URL#", "must be an https URL such as https://api.cloudflare.com/client/v4 (http only for localhost); it must not have a query or fragment"],
  ])("%s", (_what, nameConfig, extra, says) => ownCase(async (emulator, env) => {
    const provider = extra === "URL#" ? good(`${emulator.baseUrl}#`) : `${good(emulator.baseUrl)}${extra ? `\n      ${extra}` : ""}`;
    const stack = await yamlProjectStack("yaml-typed", typedProgram(nameConfig, provider), env);
    try {
      const result = await stack.preview({ allowFailure: true });
      const printed = result.stdout + result.stderr;
      expect(result.code).not.toBe(0);
      expect(printed).toContain(says);
      expect(printed).not.toMatch(STACK_TRACE);
      expect(printed).not.toContain(TOKEN);
      expect(await emulator.calls()).not.toContain(POST);
      expect(await stack.resources(PLUGIN_TYPE_TOKEN)).toEqual([]);
    } finally {
      stack.dispose();
    }
  }));
});

/** A port on loopback where nothing listens. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(doors)("API failures through $door", ({ configured, type }) => {
  const emulator = useEmulator();
  let stack: PulumiStack;

  beforeEach(async () => {
    stack = await configured(emulator);
    await stack.setConfig({ "realtimekit:maxRetries": "0" });
  });
  afterEach(async () => {
    const printed = stack.printed();
    expect(printed).not.toMatch(STACK_TRACE);
    for (const secret of [TOKEN, ...(await emulator.livestreams()).map((l) => l.stream_key)]) {
      expect(printed).not.toContain(secret);
      expect(filesHolding(path.join(stack.dir, "state"), secret)).toEqual([]);
    }
    stack.dispose();
  });

  async function expectFailed(run: Promise<{ code: number; stdout: string; stderr: string }>, says: string | RegExp): Promise<void> {
    const { code, stdout, stderr } = await run;
    expect(code).not.toBe(0);
    // The cause, on one line.
    expect((stdout + stderr).split("\n").some((line) => (typeof says === "string" ? line.includes(says) : says.test(line)))).toBe(true);
  }

  it("a refused token fails up with Cloudflare's code, creating and saving nothing", async () => {
    await stack.setConfig({ "realtimekit:apiToken": "wrong-token-5c1f0e7d9b" }, true);
    await expectFailed(stack.up({ allowFailure: true }), /The API token was refused; check that it is valid and has the Realtime or Realtime Admin permission\. Cloudflare said: Authentication error .*HTTP 403, code 10000\)/);
    expect(stack.printed()).not.toContain("wrong-token-5c1f0e7d9b");
    expect(filesHolding(path.join(stack.dir, "state"), "wrong-token-5c1f0e7d9b")).toEqual([]);
    expect(await emulator.livestreams()).toEqual([]);
    expect(await stack.resources(type)).toEqual([]);
  });

  it("a token refused at refresh fails it in one line naming the livestream's request, keeping state", async () => {
    await stack.up();
    const held = async () => (await stack.resources(type)).map((r) => [r.id, r.outputs?.name, r.outputs?.status]);
    const before = await held();
    await emulator.faults({ operation: "get-v2-livestream-session-livestream-id", kind: "status", status: 403, code: 10000, message: "Authentication error", count: 10 });
    await expectFailed(stack.run(["refresh", "--yes", "--skip-preview"], { allowFailure: true }), /The API token was refused; .*\(GET \/accounts\/\w+\/realtime\/kit\/[\w-]+\/livestreams\/[\w-]+, HTTP 403, code 10000\)/);
    expect(await held()).toEqual(before);
  });

  it("an unreachable base URL fails up at once, naming the host, with nothing created", async () => {
    const port = await closedPort();
    await stack.setConfig({ "realtimekit:baseUrl": `http://127.0.0.1:${port}/client/v4`, "realtimekit:createSettleSeconds": "600" });
    await expectFailed(stack.up({ allowFailure: true }), `Could not connect to 127.0.0.1:${port} (ECONNREFUSED), so nothing was sent`);
    expect(stack.printed()).not.toContain("checking whether it was created");
    expect(await stack.resources(type)).toEqual([]);
  });

  it("Cloudflare's text that echoes the credential is quoted without it", async () => {
    await emulator.faults({ operation: "create_livestream", kind: "status", status: 400, code: 400, message: `bad request from Authorization: Bearer ${TOKEN}`, count: 5 });
    await expectFailed(stack.up({ allowFailure: true }), "The request was rejected. Cloudflare said: bad request from Authorization: Bearer [redacted]");
    expect(await stack.resources(type)).toEqual([]);
  });
});
