/**
 * What each door needs to take livestreams over with no create: every one declared by its id
 * (`adoptLivestreamId`), which the next `pulumi up` reads (one GET) instead of posting. Through
 * Pulumi YAML, resources to paste under `resources:`; through Go, a file of the program's package
 * for its `pulumi.Run` to call; through TypeScript, entries of the stack-config list that
 * `livestreamsFromConfig` reads. Nothing here holds a stream key: only ids and names.
 */
import { GO_IMPORT_BASE_PATH, PACKAGE, RESOURCE_TYPE } from "../engine/tokens";

export const DOORS = ["yaml", "go", "typescript"] as const;
export type Door = (typeof DOORS)[number];

/** One livestream to take: the resource name it gets and its id. */
export interface Adoption {
  resourceName: string;
  livestreamId: string;
}

/** YAML 1.1 reads these plain words as booleans or null, not as strings. */
const YAML_WORDS = /^(y|n|yes|no|true|false|on|off|null)$/i;

/**
 * A string as a double-quoted literal that Go and YAML read back the same: JSON escapes C0 controls, `"` and `\`,
 * in forms both share; the other characters neither takes raw (DEL, C1 controls, the line and paragraph
 * separators, which YAML reads as line breaks, the byte order mark, the non-characters) become `\uXXXX` too.
 */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A resource name as a YAML key: plain when YAML reads it back as that string, else double-quoted. */
function yamlKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && !YAML_WORDS.test(name) ? name : quoted(name);
}

/** Entries of a Pulumi YAML program's `resources:` map, indented to sit under it. */
export function renderYaml(adoptions: readonly Adoption[], about: string): string {
  const lines = [`  # ${about}`];
  for (const { resourceName, livestreamId } of adoptions) {
    lines.push(`  ${yamlKey(resourceName)}:`, `    type: ${PACKAGE}:${RESOURCE_TYPE}`, "    properties:", `      adoptLivestreamId: ${livestreamId}`);
  }
  return `${lines.join("\n")}\n`;
}

const GO_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Go's keywords and predeclared names: a function of one of these names does not compile, or hides a builtin. */
const GO_RESERVED = new Set(
  ("break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var " +
    "any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr " +
    "true false iota nil append cap clear close complex copy delete imag len make max min new panic print println real recover main init _").split(" "),
);

/** The rule of `--go-func`: a name the program's package can declare. */
export function goFuncProblem(func: string): string | undefined {
  if (GO_IDENTIFIER.test(func) && !GO_RESERVED.has(func)) return undefined;
  return `--go-func must be a Go identifier that is not a keyword or predeclared name (got ${JSON.stringify(func)})`;
}

/** A Go file of package `main` whose function `func` (see goFuncProblem) declares each livestream; the program's `pulumi.Run` calls it. */
export function renderGo(adoptions: readonly Adoption[], about: string, func: string): string {
  const rows = adoptions.map(({ resourceName, livestreamId }) => `\t{${quoted(resourceName)}, ${quoted(livestreamId)}},`);
  return [
    `// ${about}`,
    `// Call ${func}(ctx) from the program's pulumi.Run.`,
    "package main",
    "",
    "import (",
    `\t"${GO_IMPORT_BASE_PATH}"`,
    '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"',
    ")",
    "",
    `// ${func}Ids holds, for each livestream, its resource name and its id.`,
    `var ${func}Ids = [][2]string{`,
    ...rows,
    "}",
    "",
    `func ${func}(ctx *pulumi.Context) error {`,
    `\tfor _, l := range ${func}Ids {`,
    `\t\tif _, err := ${PACKAGE}.New${RESOURCE_TYPE}(ctx, l[0], &${PACKAGE}.${RESOURCE_TYPE}Args{AdoptLivestreamId: pulumi.String(l[1])}); err != nil {`,
    "\t\t\treturn err",
    "\t\t}",
    "\t}",
    "\treturn nil",
    "}",
    "",
  ].join("\n");
}

/**
 * The settings that add an entry `{adoptLivestreamId: <id>}` per livestream to the stack-config list
 * `key` after its `length` entries, as `pulumi config set --path` takes them: the existing entries
 * stay as they are. `livestreamsFromConfig` names such an entry's resource by that id.
 */
export function configPaths(key: string, length: number, adoptions: readonly Adoption[]): string[] {
  return adoptions.map(({ livestreamId }, i) => `${key}[${length + i}].adoptLivestreamId=${livestreamId}`);
}

/**
 * What the stack-config list already takes: the ids its entries adopt, so that a second run before `pulumi up` adds
 * none twice, and the names its entries give, since the livestream of that name is theirs at `up` (adopted with
 * `adoptExisting`, already in state, or refused as a name the app holds): adopting it by id as well would put it in two resources.
 */
export function configDeclares(existing: readonly unknown[]): { ids: Set<string>; names: Set<string> } {
  const entries = existing.filter((e): e is { adoptLivestreamId?: unknown; name?: unknown } => typeof e === "object" && e !== null);
  const strings = (values: unknown[]) => values.filter((v): v is string => typeof v === "string");
  return { ids: new Set(strings(entries.map((e) => e.adoptLivestreamId)).map((id) => id.toLowerCase())), names: new Set(strings(entries.map((e) => e.name))) };
}
