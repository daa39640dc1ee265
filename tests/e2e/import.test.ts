/**
 * realtimekit-import through each door under the real engine: an app of 200 livestreams whose list
 * leaves every name out (a GET by id has it), four of them nameless and two sharing one name; the
 * command, then `up` adopts the 198 others with one GET each and no POST, leaving the pair alone; a
 * second `up` sends nothing; a refresh reads each once; the command run again finds them all in the
 * stack's state, and after a destroy takes none of those the program still adopts; and no stream key is in any file or output. Before that `up`, the command run again
 * writes nothing twice, and a second stack of the backend importing the app takes none of them.
 * Each door has its own app and stack: TypeScript through examples/from-config (its program
 * unchanged), Pulumi YAML and Go through copies of their quickstarts whose programs only take what
 * the command wrote (the YAML one has a variable named like a livestream, which the command avoids).
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { DYNAMIC_TYPE_TOKEN, PLUGIN_TYPE_TOKEN } from "../../provider/engine/tokens";
import { installedCommand } from "../../scripts/installed-command";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { configure, filesHolding, stackFor } from "../helpers/e2e";
import { EmulatorLivestream, useEmulator } from "../helpers/emulator";
import { goStackFor } from "../helpers/go";
import { yamlStackFor } from "../helpers/plugin";

jest.setTimeout(600_000);
const emulator = useEmulator({ resetBeforeEach: false });
const GET = "GET get-v2-livestream-session-livestream-id";

const yamlProgram = `name: realtimekit-yaml-quickstart
runtime: yaml
plugins:
  providers:
    - name: realtimekit
      path: ./node_modules/pulumi-realtimekit/bin
variables:
  show-199: a variable named like a livestream
resources:
`;

const goProgram = `package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(adoptLivestreams)
}
`;

interface Door {
  door: "typescript" | "yaml" | "go";
  type: string;
  stack: () => Promise<PulumiStack>;
  /** Gives the program what the command printed (nothing through TypeScript: it wrote the stack's config). */
  take: (stack: PulumiStack, printed: string) => void;
  /** The program as it is before the command runs. */
  prepare?: (stack: PulumiStack) => void;
}

const doors: Door[] = [
  { door: "typescript", type: DYNAMIC_TYPE_TOKEN, stack: () => stackFor("examples/from-config", emulator), take: () => undefined },
  {
    door: "yaml",
    type: PLUGIN_TYPE_TOKEN,
    stack: () => yamlStackFor("examples/yaml-quickstart", emulator),
    take: (stack, printed) => fs.writeFileSync(path.join(stack.projectDir, "Pulumi.yaml"), yamlProgram + printed),
    prepare: (stack) => fs.writeFileSync(path.join(stack.projectDir, "Pulumi.yaml"), yamlProgram),
  },
  {
    door: "go",
    type: PLUGIN_TYPE_TOKEN,
    stack: () => goStackFor("examples/go-quickstart", emulator),
    take: (stack, printed) => {
      fs.writeFileSync(path.join(stack.projectDir, "main.go"), goProgram);
      fs.writeFileSync(path.join(stack.projectDir, "adopt_livestreams.go"), printed);
    },
  },
];

beforeAll(() => emulator.changeSettings({ listNames: "null" }));

describe.each(doors)("realtimekit-import through $door", ({ door, type, stack: makeStack, take, prepare }) => {
  const appId = randomUUID();
  let stack: PulumiStack;
  let seeded: EmulatorLivestream[];
  let twins: string[];
  const printed: string[] = [];

  beforeAll(async () => {
    stack = await makeStack();
    await stack.setConfig({ "realtimekit:appId": appId });
    prepare?.(stack);
    seeded = [];
    for (let i = 0; i < 200; i++) {
      const name = i < 4 ? null : i < 6 ? "twin" : `show-${String(i).padStart(3, "0")}`;
      seeded.push(await emulator.seed({ app_id: appId, name }));
    }
    twins = seeded.filter((l) => l.name === "twin").map((l) => l.id);
  });
  afterAll(() => stack?.dispose());

  const requestsOfApp = async () => (await emulator.requests()).filter((r) => r.path.includes(`/${appId}/`));
  const runImport = async (on = stack) => {
    const result = await on.run(["--door", door, "--all"], { command: installedCommand("realtimekit-import") });
    printed.push(result.stdout, result.stderr);
    return result;
  };
  const adopted = () => new Set(seeded.filter((l) => !twins.includes(l.id)).map((l) => l.id));

  it("takes the 198 livestreams, names the nameless after their ids, and lists the pair that shares a name, taking neither", async () => {
    const { stdout, stderr } = await runImport();
    expect(stderr).toContain(`realtimekit-import: app ${appId}: 200 livestreams, 200 of them picked; 198 to take`);
    expect(stderr).toContain(`realtimekit-import: 'twin' is the name of 2 livestreams, a duplicate the API cannot delete: ${twins[0]} (created `);
    expect(stderr).toContain("taking none: to take one, run again with '--take <its id>'");
    for (const id of twins) expect(stdout).not.toContain(id);
    if (door === "typescript") {
      expect(stderr).toContain("added 198 entries to stack config 'realtimekit-from-config:livestreams'");
    } else {
      expect(stdout.match(door === "yaml" ? /^ {6}adoptLivestreamId: /gm : /^\t\{"/gm)).toHaveLength(198);
      expect(stdout).toContain(door === "yaml" ? `  show-199-${seeded[199].id.slice(0, 8)}:\n` : '\t{"show-199", ');
      expect(stdout).toContain(`livestream-${seeded[0].id}`);
    }
    take(stack, stdout);
  });

  it("before up, writes nothing twice when run again, and a second stack of the backend importing the app takes none of the 198", async () => {
    const again = await runImport();
    expect(again.stderr).toContain("realtimekit-import: 198 already declared, left out: ");
    expect(again.stderr).toContain("realtimekit-import: nothing to write");
    expect(again.stdout).toBe("");
    const second = await PulumiStack.create(stack.projectDir, { inPlace: true, dir: stack.dir, stack: "second" });
    await configure(second, emulator);
    await second.setConfig({ "realtimekit:appId": appId });
    const { stdout, stderr } = await runImport(second);
    expect(stderr).toMatch(/realtimekit-import: 198 held or claimed by other stacks, left out \(one livestream in two stacks hands one stream key to both\): 198 by [\w-]+\/test \(written by its realtimekit-import on this machine\)$/m);
    expect(stderr).toContain("realtimekit-import: nothing to write");
    expect(stdout).toBe("");
  });

  it("adopts the 198 at the next up, one GET each and no POST, leaving the pair alone", async () => {
    const before = (await requestsOfApp()).length;
    await stack.up();
    const requests = (await requestsOfApp()).slice(before);
    expect(requests.filter((r) => r.method === "POST")).toEqual([]);
    expect(requests.map((r) => `${r.method} ${r.operation}`)).toEqual(Array(198).fill(GET));
    expect(new Set(requests.map((r) => path.basename(r.path)))).toEqual(adopted());
    const resources = await stack.resources(type);
    expect(new Set(resources.map((r) => r.id))).toEqual(adopted());
    expect((await emulator.livestreams()).filter((l) => l.app_id === appId)).toHaveLength(200);
  });

  it("changes nothing and sends no request on a second up", async () => {
    const before = (await requestsOfApp()).length;
    const { stdout } = await stack.up();
    expect(stdout).toMatch(/199 unchanged/);
    expect(stdout).not.toMatch(/\d+ (created|updated|replaced|deleted)/);
    expect((await requestsOfApp()).length).toBe(before);
  });

  it("reads each livestream once on refresh", async () => {
    const before = (await requestsOfApp()).length;
    await stack.refresh();
    const requests = (await requestsOfApp()).slice(before);
    expect(requests.map((r) => `${r.method} ${r.operation}`)).toEqual(Array(198).fill(GET));
    expect(new Set(requests.map((r) => path.basename(r.path)))).toEqual(adopted());
  });

  it("run again, finds the 198 in the stack's state and writes nothing", async () => {
    const { stdout, stderr } = await runImport();
    expect(stderr).toContain("realtimekit-import: 198 already in this stack's state, left out");
    expect(stderr).toContain("realtimekit-import: nothing to write");
    expect(stdout).toBe("");
  });

  it("after a destroy, run again, takes none of the 198 the program still adopts by id", async () => {
    await stack.destroy();
    const { stdout, stderr } = await runImport();
    expect(stderr).toContain("realtimekit-import: 198 already declared, left out: ");
    expect(stderr).toContain("realtimekit-import: nothing to write");
    expect(stdout).toBe("");
  });

  it("leaves no stream key in any file or output", async () => {
    const keys = seeded.map((l) => l.stream_key);
    expect(filesHolding(stack.dir, keys)).toEqual([]);
    const shown = stack.printed() + printed.join("\n");
    expect(keys.filter((k) => shown.includes(k))).toEqual([]);
  });
});
