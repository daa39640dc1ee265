/**
 * The provider's shape (docs/layout.md): its parts, each a folder (or a file at the top), import one way, from the
 * declarations and the engine's names up through the HTTP client, the settings, the names, creating once and recovery,
 * to the lifecycle and the two doors; and no file imports itself back through others.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { findCycle, importGraph, partOf, wrongImports } from "../helpers/imports";

const ROOT = resolve(__dirname, "../../provider");
const graph = importGraph(ROOT);

/** Each part and the parts it may import. */
const MAY_IMPORT: Record<string, string[]> = {
  types: [],
  engine: [],
  http: ["engine", "types"],
  settings: ["engine", "http", "types"],
  names: ["http", "settings", "types"],
  create: ["http", "names", "types"],
  recovery: ["engine", "http", "names", "settings", "types"],
  import: ["engine", "http", "names", "recovery", "settings", "types"],
  check: ["engine", "names", "settings", "types"],
  lookups: ["http", "settings", "types"],
  "livestream-provider": ["check", "create", "engine", "http", "names", "recovery", "settings", "types"],
  dynamic: ["engine", "http", "livestream-provider", "lookups", "settings", "types"],
  plugin: ["engine", "http", "livestream-provider", "lookups", "settings", "types"],
  index: ["dynamic", "http", "lookups", "settings", "types"],
};

describe("the provider's layout", () => {
  it("has the parts docs/layout.md names, and every file belongs to one of them", () => {
    for (const part of ["http/client.ts", "engine/engine-gone.ts", "settings/config.ts", "names/app-names.ts", "create/create-once.ts", "recovery/recover-cli.ts", "import/import-cli.ts", "livestream-provider.ts", "dynamic/runtime.ts", "plugin/plugin.ts"]) {
      expect(existsSync(resolve(ROOT, part))).toBe(true);
    }
    expect([...graph.keys()].filter((file) => !(partOf(file) in MAY_IMPORT))).toEqual([]);
  });

  it("says what each folder is: a README.md naming every file in it, and a line of docs/layout.md", () => {
    const layout = readFileSync(resolve(ROOT, "../docs/layout.md"), "utf8");
    const folders = readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const unsaid = folders.flatMap((folder) => {
      const readme = resolve(ROOT, folder, "README.md");
      if (!existsSync(readme)) return [`${folder}/README.md`];
      const text = readFileSync(readme, "utf8");
      const files = readdirSync(resolve(ROOT, folder)).filter((f) => f.endsWith(".ts"));
      return [
        ...files.filter((f) => !text.includes(`\`${f}\``)).map((f) => `${folder}/README.md: ${f}`),
        ...(layout.includes(`| \`provider/${folder}/\` |`) ? [] : [`docs/layout.md: provider/${folder}/`]),
      ];
    });
    expect(folders.length).toBeGreaterThanOrEqual(9);
    expect(unsaid).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it("imports only in the allowed direction between parts", () => {
    expect(wrongImports(graph, MAY_IMPORT)).toEqual([]);
  });

  it("reads every relative import: the lifecycle imports creating once, the client the engine check", () => {
    expect(graph.get("livestream-provider")).toEqual(expect.arrayContaining(["create/create-once", "names/app-names", "check"]));
    expect(graph.get("http/client")).toEqual(expect.arrayContaining(["engine/engine-gone", "http/retry"]));
  });
});
