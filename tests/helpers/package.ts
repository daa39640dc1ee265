/** The packed package (`npm run build` packs it) and programs outside the repository that install it, as a user's do. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { root } from "../../scripts/pulumi-env";

const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
export const tarball = path.join(root, ".work", "pack", `pulumi-realtimekit-${version}.tgz`);

export function requireTarball(): void {
  if (!fs.existsSync(tarball)) throw new Error(`${tarball} is missing: run 'npm run build' (npm test does)`);
}

export const npm = (args: string[], cwd: string) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", stdio: "pipe" });

/** The version of every copy of @pulumi/pulumi installed in a program. */
export function sdkCopies(project: string): string[] {
  return fs.readdirSync(path.join(project, "node_modules"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.split(path.sep).slice(-3).join("/") === "@pulumi/pulumi/package.json")
    .map((file) => JSON.parse(fs.readFileSync(path.join(project, "node_modules", file), "utf8")).version as string);
}

/**
 * A program outside the repository, as a user's: `<work>/<name>` made of `files` copied from the folder `from`, with a
 * package.json of `dependencies` (its main `index.ts`), installed by npm; or, given `sharing` (a program installed
 * with the same dependencies), its node_modules linked to that one's, which installs nothing again.
 */
export function userProgram(work: string, name: string, from: string, files: string[], dependencies: Record<string, string>, sharing?: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  for (const file of files) fs.copyFileSync(path.join(from, file), path.join(dir, file));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.ts", dependencies }));
  if (sharing) fs.symlinkSync(path.join(sharing, "node_modules"), path.join(dir, "node_modules"));
  else npm(["install"], dir);
  return dir;
}
