/** What the docs tests read from a Markdown page: its fenced code blocks, its links and its headings' anchors. */
import * as fs from "node:fs";
import * as path from "node:path";
import { root } from "../../scripts/pulumi-env";

export const readPage = (page: string): string => fs.readFileSync(path.join(root, page), "utf8");

/** The contents of each fenced block of `lang` (` ```sh `, ` ```go `…), each ending in a newline. */
export function codeBlocks(text: string, lang: string): string[] {
  return [...text.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === lang).map((m) => m[2]);
}

/** The text outside fenced blocks and inline code, where a link or heading is one. */
const prose = (text: string): string => text.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");

/** The targets of the page's Markdown links, `[text](target)`. */
export const linkTargets = (text: string): string[] => [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);

/** The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces as `-`. */
export function anchors(text: string): Set<string> {
  return new Set(
    [...text.replace(/^```[\s\S]*?^```$/gm, "").matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/ /g, "-"),
    ),
  );
}

const isCommand = (text: string): boolean => /^(npm|npx|pulumi) /.test(text);

/** The npm, npx and pulumi commands of the page's ```sh blocks, in order: each line split at `&&`, without its comment. */
export function shellCommands(text: string): string[] {
  const lines = codeBlocks(text, "sh").flatMap((block) => block.split("\n"));
  return lines.flatMap((line) => line.replace(/\s+#.*$/, "").split("&&")).map((command) => command.trim()).filter(isCommand);
}

/** The commands the page gives to run: those of its ```sh blocks, and those of a command table's first column. */
export function commands(text: string): string[] {
  // A first cell of inline code only: a command table's, not a figure's row that mentions one.
  const firstCells = [...text.matchAll(/^\| ((?:`[^`]+`(?:, )?)+) \|/gm)].map((m) => m[1]);
  const fromTables = firstCells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((code) => code[1]));
  return [...shellCommands(text), ...fromTables.filter(isCommand)];
}
