/** Every relative link of the docs reaches a file, and its `#anchor` a heading there: moving text cannot leave one dangling. */
import * as fs from "node:fs";
import * as path from "node:path";
import { docPages } from "../../scripts/doc-pages";
import { root } from "../../scripts/pulumi-env";
import { anchors, linkTargets, readPage } from "../helpers/markdown";

const relative = (target: string) => !/^[a-z]+:/i.test(target);

describe.each(docPages())("%s", (page) => {
  it("links only to files and headings that exist", () => {
    const broken = linkTargets(readPage(page))
      .filter(relative)
      .filter((target) => {
        const [file, anchor] = target.split("#");
        const linked = file ? path.posix.join(path.posix.dirname(page), file) : page;
        if (!fs.existsSync(path.join(root, linked))) return true;
        return anchor !== undefined && !anchors(readPage(linked)).has(anchor);
      });
    expect(broken).toEqual([]);
  });
});

it("reads anchors and links as GitHub does", () => {
  expect(anchors("# What the API cannot do, and what that means here\n```sh\n# not a heading\n```\n## `npm run demo`: Go!\n")).toEqual(
    new Set(["what-the-api-cannot-do-and-what-that-means-here", "npm-run-demo-go"]),
  );
  expect(linkTargets("[a](docs/a.md#x) `[b](c.md)`\n```\n[d](e.md)\n```\n[f](https://example.com)")).toEqual(["docs/a.md#x", "https://example.com"]);
});
