/** docs/layout.md, the map of the repository, names every file of scripts/ (provider/'s folders: tests/provider/layout.test.ts). */
import * as fs from "node:fs";
import * as path from "node:path";
import { root } from "../../scripts/pulumi-env";

it("names every file of scripts/ in docs/layout.md", () => {
  const layout = fs.readFileSync(path.join(root, "docs", "layout.md"), "utf8");
  const files = fs.readdirSync(path.join(root, "scripts"));
  expect(files.length).toBeGreaterThan(10);
  expect(files.filter((f) => !layout.includes(`\`${f}\``) && !layout.includes(`\`${f}/\``))).toEqual([]);
});
