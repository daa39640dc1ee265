/** The README stays a front page: what it is, the two commands, the quickstarts and links; the rest belongs in docs/. */
import { readPage } from "../helpers/markdown";

it("is at most 150 lines", () => {
  expect(readPage("README.md").split("\n").length).toBeLessThanOrEqual(150);
});
