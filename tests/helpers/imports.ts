/**
 * The graph of relative imports between the source files of one folder (the emulator's, the provider's), read from the text (no dependency needed):
 * `import ... from "./x"`, `import "./x"`, `export ... from "./x"` and inline `import("./x")` types.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** File (relative to the root, without `.ts`) -> the files it imports, the same way. */
export type ImportGraph = Map<string, string[]>;

const RELATIVE_IMPORT = /(?:from\s+|import\s*\(?\s*)"(\.{1,2}\/[^"]*)"/g;

export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(RELATIVE_IMPORT)].map((match) => resolveModule(dirname(file), match[1]));
    graph.set(name(root, file), [...new Set(targets.map((target) => name(root, target)))]);
  }
  return graph;
}

/** The part a file belongs to: its folder, or itself at the top. */
export const partOf = (file: string): string => file.split("/")[0];

/**
 * Every import between two parts (a file's first path segment, or the file at the top) that `mayImport` does not
 * allow, as `file -> target`.
 */
export function wrongImports(graph: ImportGraph, mayImport: Record<string, string[]>): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets.filter((target) => partOf(target) !== partOf(file) && !mayImport[partOf(file)]?.includes(partOf(target))).map((target) => `${file} -> ${target}`),
  );
}

/** One import cycle as a path `a -> b -> a`, or undefined when there is none. */
export function findCycle(graph: ImportGraph): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    const seen = path.indexOf(node);
    if (seen >= 0) return [...path.slice(seen), node];
    if (done.has(node)) return undefined;
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** `./x` as the file it names: `x.ts`, or `x/index.ts` for a folder. */
function resolveModule(from: string, specifier: string): string {
  const path = resolve(from, specifier);
  try {
    if (statSync(path).isDirectory()) return join(path, "index.ts");
  } catch {
    // Not a folder: a module file.
  }
  return `${path}.ts`;
}

function name(root: string, file: string): string {
  return relative(root, file).replace(/\.ts$/, "");
}
