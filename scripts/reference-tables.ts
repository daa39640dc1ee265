/**
 * The settings, inputs and outputs tables of the docs, rendered from the declarations the provider and
 * the plugin's schema use (config.ts, types.ts), so the docs cannot drift from the code: each table
 * sits between `<!-- reference:<name> -->` and `<!-- /reference:<name> -->` in one of the pages
 * (doc-pages.ts), and a test fails when what is there is not what this renders. `npm run docs` writes them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SETTINGS, SettingSpec } from "../provider/settings/config";
import { FACTS, INPUTS, PropertySpec } from "../provider/types";
import { docPages } from "./doc-pages";
import { root } from "./pulumi-env";

const row = (cells: string[]): string => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
const table = (head: string[], rows: string[][]): string => [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

function defaultOf(spec: SettingSpec): string {
  if (spec.fallback !== undefined) return `\`${spec.fallback}\`${spec.range ? ` (${spec.range[0]}-${spec.range[1]})` : ""}`;
  return "none";
}

export const TABLES = {
  settings: () =>
    table(
      ["config key", "environment variable", "default", "secret?", "what it is"],
      Object.values(SETTINGS).map((spec: SettingSpec) => [`\`${spec.key}\``, spec.env ? `\`${spec.env}\`` : "", defaultOf(spec), spec.secret ? "yes (`pulumi config set --secret`)" : "no", spec.about]),
    ),
  inputs: () =>
    table(
      ["input", "meaning", "on change"],
      Object.entries(INPUTS).map(([name, spec]: [string, PropertySpec]) => [`\`${name}\``, spec.description, spec.replaces ? "replace" : "none (read only at create)"]),
    ),
  outputs: () =>
    table(
      ["output", "meaning"],
      [
        ...Object.entries(FACTS).map(([name, spec]: [string, PropertySpec]) => [`\`${name}\``, spec.description]),
        ["`accountId`, `appId`", "Where it lives: the inputs, with their defaults filled in."],
      ],
    ),
} as const;

export type TableName = keyof typeof TABLES;

const marked = (name: string) => new RegExp(`(<!-- reference:${name} -->\n)([\\s\\S]*?)(<!-- /reference:${name} -->)`);

/** The table as `text` holds it between its markers, or undefined when it has none. */
export function tableIn(text: string, name: TableName): string | undefined {
  return marked(name).exec(text)?.[2].replace(/\n$/, "");
}

/** `text` with every table rendered anew. */
export function withTables(text: string): string {
  return (Object.keys(TABLES) as TableName[]).reduce((t, name) => t.replace(marked(name), (_all, open: string, _table: string, close: string) => `${open}${TABLES[name]()}\n${close}`), text);
}

if (require.main === module) {
  for (const page of docPages()) {
    const file = path.join(root, page);
    const text = fs.readFileSync(file, "utf8");
    const rendered = withTables(text);
    if (rendered !== text) fs.writeFileSync(file, rendered);
  }
}
