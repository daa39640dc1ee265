/** The documentation's pages: README.md and docs/*.md, as paths from the repository's root. */
import * as fs from "node:fs";
import * as path from "node:path";
import { root } from "./pulumi-env";

export function docPages(): string[] {
  const docs = fs.readdirSync(path.join(root, "docs")).filter((name) => name.endsWith(".md")).sort();
  return ["README.md", ...docs.map((name) => `docs/${name}`)];
}
