/** The docs' settings, inputs and outputs tables are what the declarations render: `npm run docs` rewrites them. */
import * as fs from "node:fs";
import * as path from "node:path";
import { docPages } from "../../scripts/doc-pages";
import { root } from "../../scripts/pulumi-env";
import { TableName, TABLES, tableIn, withTables } from "../../scripts/reference-tables";

const pages = docPages().map((page) => ({ page, text: fs.readFileSync(path.join(root, page), "utf8") }));

it.each(Object.keys(TABLES) as TableName[])("the docs hold the %s table once, rendered from the declarations", (name) => {
  const holders = pages.filter(({ text }) => tableIn(text, name) !== undefined);
  expect(holders.map(({ page }) => page)).toHaveLength(1);
  expect(tableIn(holders[0].text, name)).toBe(TABLES[name]());
});

it("rewrites a drifted table, and only the tables", () => {
  const { text } = pages.find(({ text }) => tableIn(text, "settings") !== undefined)!;
  const drifted = text.replace(TABLES.settings(), "| stale |");
  expect(drifted).not.toBe(text);
  expect(withTables(drifted)).toBe(text);
});
