/**
 * The emulator's shape (emulator/README.md, "Layout"): its parts import one way, store <- api <- faults <- control <-
 * server <- index <- cli, and no file imports itself back through others.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { findCycle, importGraph, partOf, wrongImports } from "../helpers/imports";

const ROOT = resolve(__dirname, "../../emulator");
const graph = importGraph(ROOT);

/** Each part, by its folder (or file at the top), and the parts it may import. */
const MAY_IMPORT: Record<string, string[]> = {
  store: [],
  api: ["store"],
  faults: ["api", "store"],
  control: ["api", "faults", "store"],
  server: ["api", "control", "faults", "store"],
  index: ["api", "control", "faults", "server", "store"],
  cli: ["api", "faults", "index"],
};

describe("the emulator's layout", () => {
  it("has the parts the README names, and every file belongs to one of them", () => {
    for (const part of ["api/routes.ts", "store/store.ts", "faults/fault.ts", "control/plane.ts", "server.ts", "cli.ts", "index.ts"]) {
      expect(existsSync(resolve(ROOT, part))).toBe(true);
    }
    expect([...graph.keys()].filter((file) => !(partOf(file) in MAY_IMPORT))).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it("imports only in the allowed direction between parts", () => {
    expect(wrongImports(graph, MAY_IMPORT)).toEqual([]);
  });

  it("reads every relative import: the route table imports its handlers, the server the control plane", () => {
    expect(graph.get("api/routes")).toEqual(expect.arrayContaining(["api/livestreams", "api/meetings", "api/sessions", "api/analytics"]));
    expect(graph.get("server")).toEqual(expect.arrayContaining(["control/plane", "control/access", "faults/respond"]));
  });
});

describe("the cycle finder", () => {
  it("finds a cycle through several files, and none in a chain", () => {
    const cyclic = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
    ]);
    expect(findCycle(cyclic)).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", []]]))).toBeUndefined();
  });
});
