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

/** A resource name as a YAML key: plain when YAML reads it back as that string, else double-quoted. */
function yamlKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && !YAML_WORDS.test(name) ? name : JSON.stringify(name);
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

/** A Go file of package `main` whose function `func` declares each livestream; the program's `pulumi.Run` calls it. */
export function renderGo(adoptions: readonly Adoption[], about: string, func: string): string {
  if (!GO_IDENTIFIER.test(func)) throw new Error(`--go-func must be a Go identifier (got ${JSON.stringify(func)})`);
  // Names and ids are ASCII letters, digits, '-' and '_': a JSON string is the same Go string literal.
  const rows = adoptions.map(({ resourceName, livestreamId }) => `\t{${JSON.stringify(resourceName)}, ${JSON.stringify(livestreamId)}},`);
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

/** The ids the stack-config list already adopts, so that a second run before `pulumi up` adds none twice. */
export function configAdopts(existing: readonly unknown[]): Set<string> {
  const ids = existing.map((e) => (typeof e === "object" && e !== null ? (e as { adoptLivestreamId?: unknown }).adoptLivestreamId : undefined));
  return new Set(ids.filter((id): id is string => typeof id === "string").map((id) => id.toLowerCase()));
}
