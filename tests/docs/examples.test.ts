/**
 * The docs show the examples the end-to-end tests run: docs/yaml.md and docs/go.md the whole file, the
 * README's quickstarts the same file with lines left out (a shorter program, every line of it tested).
 */
import { codeBlocks, readPage } from "../helpers/markdown";

const EXAMPLES = [
  { lang: "yaml", example: "examples/yaml-quickstart/Pulumi.yaml", page: "docs/yaml.md" },
  { lang: "go", example: "examples/go-quickstart/main.go", page: "docs/go.md" },
];

/** Whether every line of `excerpt` is a line of `whole`, in the same order. */
function isExcerpt(excerpt: string, whole: string): boolean {
  const lines = whole.split("\n");
  let at = 0;
  return excerpt.split("\n").every((line) => {
    while (at < lines.length && lines[at] !== line) at++;
    return at++ < lines.length;
  });
}

describe.each(EXAMPLES)("$example", ({ lang, example, page }) => {
  it(`is shown exactly in ${page}`, () => {
    expect(codeBlocks(readPage(page), lang)).toContain(readPage(example));
  });

  it("is what the README's quickstart shows, with lines left out", () => {
    const [quickstart] = codeBlocks(readPage("README.md"), lang);
    expect(quickstart).toBeDefined();
    expect(isExcerpt(quickstart, readPage(example))).toBe(true);
  });
});

it("tells an excerpt from a changed line", () => {
  expect(isExcerpt("a\nc\n", "a\nb\nc\n")).toBe(true);
  expect(isExcerpt("c\na\n", "a\nb\nc\n")).toBe(false);
  expect(isExcerpt("a\nd\n", "a\nb\nc\n")).toBe(false);
});
