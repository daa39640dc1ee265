/** The README's settings, inputs and outputs tables are what the declarations render: `npm run docs` rewrites them. */
import * as fs from "node:fs";
import * as path from "node:path";
import { root } from "../../scripts/pulumi-env";
import { TableName, TABLES, tableIn, withTables } from "../../scripts/reference-tables";

const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

it.each(Object.keys(TABLES) as TableName[])("the README's %s table is rendered from the declarations", (name) => {
  expect(tableIn(readme, name)).toBe(TABLES[name]());
});

it("rewrites a drifted table, and only the tables", () => {
  const drifted = readme.replace(TABLES.settings(), "| stale |");
  expect(drifted).not.toBe(readme);
  expect(withTables(drifted)).toBe(readme);
});
