/**
 * What a program already declares, which what the command writes must not declare again: the keys of a Pulumi
 * YAML program's `resources:` and `variables:` (one namespace: `${name}` reaches either), and a Go program's
 * livestream resource names, functions and the livestream ids it adopts. Read without a YAML library (the package has one dependency): block style, which
 * `pulumi new` writes and the docs show; a section in flow style is refused rather than misread.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const SECTIONS = new Set(["resources", "variables"]);

/** A mapping key at the start of `line` (after its indent): plain, 'single' or "double" quoted; undefined when none. */
function keyOf(line: string): string | undefined {
  const text = line.trimStart();
  if (text.startsWith('"')) {
    const end = /^"((?:[^"\\]|\\.)*)"\s*:(\s|$)/.exec(text);
    if (!end) return undefined;
    try {
      return JSON.parse(`"${end[1]}"`) as string;
    } catch {
      return end[1]; // one of YAML's own escapes (\L, \x41), which JSON lacks: kept as written
    }
  }
  if (text.startsWith("'")) {
    const end = /^'((?:[^']|'')*)'\s*:(\s|$)/.exec(text);
    return end ? end[1].replace(/''/g, "'") : undefined;
  }
  const plain = /^([^#\s][^#]*?)\s*:(\s|$)/.exec(text);
  return plain?.[1];
}

/** The keys under the top-level `resources:` and `variables:` of a Pulumi YAML program's text. */
export function yamlProgramKeys(text: string): Set<string> {
  const keys = new Set<string>();
  let section: string | undefined;
  let childIndent: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      const key = keyOf(line);
      section = key !== undefined && SECTIONS.has(key) ? key : undefined;
      childIndent = undefined;
      if (section && /:\s*[{[]/.test(line)) {
        throw new Error(`Pulumi.yaml's '${section}:' is in flow style ({...}); write it as a block (one key a line) so that realtimekit-import can read its keys`);
      }
      continue;
    }
    if (section === undefined) continue;
    childIndent ??= indent;
    if (indent !== childIndent) continue;
    const key = keyOf(line);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

const goFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".go")).sort() : []);

/**
 * The resource names the `.go` files of `dir` give livestreams as string literals (`NewIndependentLivestream(ctx,
 * "main-stage", …)`): a name built at run time is not seen. A Go string literal of plain escapes reads as JSON.
 */
export function goLivestreamNames(dir: string): Set<string> {
  const call = /NewIndependentLivestream\(\s*\w+\s*,\s*"((?:[^"\\\n]|\\.)*)"/g;
  const names = new Set<string>();
  for (const file of goFiles(dir)) {
    for (const [, literal] of fs.readFileSync(path.join(dir, file), "utf8").matchAll(call)) {
      try {
        names.add(JSON.parse(`"${literal}"`) as string);
      } catch {
        names.add(literal); // an escape of Go's own (\x41, \U0001F600): kept as written
      }
    }
  }
  return names;
}

/** The `.go` file of `dir` that declares `func` (or its ids' variable, `<func>Ids`), which a second file of that name would redeclare. */
export function goFuncDeclaredIn(dir: string, func: string): string | undefined {
  const declares = new RegExp(`^(func ${func}\\(|var ${func}Ids\\b)`, "m");
  return goFiles(dir).find((f) => declares.test(fs.readFileSync(path.join(dir, f), "utf8")));
}

/**
 * The livestream ids a Pulumi YAML program adopts: each `adoptLivestreamId:` value, plain or quoted. Its stack forgets
 * them at `destroy` and takes them again at the next `up`, so an import in between must not write them a second time.
 */
export function yamlAdoptedIds(text: string): Set<string> {
  const line = /^\s*adoptLivestreamId\s*:\s*["']?([0-9a-fA-F-]{36})["']?\s*(#.*)?$/gm;
  return new Set([...text.matchAll(line)].map(([, id]) => id.toLowerCase()));
}

/**
 * The livestream ids a Go program's `.go` files hold as string literals (what the command wrote, or a hand-written
 * `AdoptLivestreamId: pulumi.String("...")`): as through YAML, those its next `up` takes again after a `destroy`.
 */
export function goAdoptedIds(dir: string): Set<string> {
  const literal = /"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"/g;
  return new Set(goFiles(dir).flatMap((file) => [...fs.readFileSync(path.join(dir, file), "utf8").matchAll(literal)].map(([, id]) => id.toLowerCase())));
}
