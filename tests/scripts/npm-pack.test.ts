/**
 * What `npm pack` (and so `npm publish`) makes of this repository, through its prepack and postpack
 * (scripts/packed-manifest.js), and what installing that package prints: a manifest without the scripts npm runs
 * around an install or a pack, and the pages the README links to.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { root } from "../../scripts/pulumi-env";
import { anchors, linkTargets } from "../helpers/markdown";
import { npm } from "../helpers/package";

jest.setTimeout(120_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "realtimekit-pack-"));
const unpacked = path.join(work, "package");
const manifestBefore = fs.readFileSync(path.join(root, "package.json"), "utf8");
let tarball: string;

beforeAll(() => {
  const [{ filename }] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], root));
  tarball = path.join(work, filename);
  execFileSync("tar", ["-xzf", tarball, "-C", work]);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The repository's scripts without those npm runs around an install or a pack: its build, from folders not shipped. */
function withoutLifecycle(manifest: { scripts: Record<string, string> }): Record<string, string> {
  const { prepare, prepack, postpack, ...others } = manifest.scripts;
  expect([prepare, prepack, postpack]).not.toContain(undefined); // the repository builds on `npm ci`, `npm pack`, `npm install <git url>`
  return others;
}

it("packs the repository's package.json without the scripts of an install or a pack, and leaves the repository's as it was", () => {
  const original = JSON.parse(manifestBefore);
  expect(JSON.parse(fs.readFileSync(path.join(unpacked, "package.json"), "utf8"))).toEqual({ ...original, scripts: withoutLifecycle(original) });
  expect(fs.readFileSync(path.join(root, "package.json"), "utf8")).toBe(manifestBefore);
  expect(fs.existsSync(path.join(root, ".work", "packing-package.json"))).toBe(false);
});

it("leaves every script but those of an install or a pack after a pack that failed, and the next build puts package.json back as it was", () => {
  const manifestFile = path.join(root, "package.json");
  try {
    const failed = spawnSync("npm", ["pack", "--pack-destination", path.join(work, "missing", "folder")], { cwd: root, encoding: "utf8" });
    expect(failed.status).not.toBe(0);
    const { scripts } = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    expect(scripts).toEqual(withoutLifecycle(JSON.parse(manifestBefore))); // `npm run demo`, `npm test` and the rest still run
    execFileSync(process.execPath, [path.join(root, "scripts", "build.js")], { cwd: root, stdio: "ignore" });
    expect(fs.readFileSync(manifestFile, "utf8")).toBe(manifestBefore);
  } finally {
    fs.writeFileSync(manifestFile, manifestBefore);
    fs.rmSync(path.join(root, ".work", "packing-package.json"), { force: true });
  }
});

it("installs from the tarball with no install script for npm to warn about", () => {
  const app = path.join(work, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  // The peer SDK is the program's own and large: left out, as it has nothing to do with the package's scripts.
  const install = spawnSync("npm", ["install", tarball, "--legacy-peer-deps", "--no-audit", "--no-fund"], { cwd: app, encoding: "utf8" });
  expect(install.status).toBe(0);
  const printed = install.stdout + install.stderr; // npm warns on stderr
  expect(fs.existsSync(path.join(app, "node_modules", "pulumi-realtimekit", "dist", "provider", "index.js"))).toBe(true);
  expect(printed).not.toContain("install-scripts");
});

it("ships every page the README links to, so that each relative link of the package's pages reaches a file and heading in it", () => {
  const pages = ["README.md"];
  const broken: string[] = [];
  for (const page of pages) {
    for (const target of linkTargets(fs.readFileSync(path.join(unpacked, page), "utf8")).filter((t) => !/^[a-z]+:/i.test(t))) {
      const [file, anchor] = target.split("#");
      const linked = file ? path.posix.normalize(path.posix.join(path.posix.dirname(page), file)) : page;
      const exists = fs.existsSync(path.join(unpacked, linked));
      if (!exists || (anchor !== undefined && !anchors(fs.readFileSync(path.join(unpacked, linked), "utf8")).has(anchor))) broken.push(`${page}: ${target}`);
      else if (linked.endsWith(".md") && !pages.includes(linked)) pages.push(linked);
    }
  }
  expect(broken).toEqual([]);
  expect(pages).toEqual(expect.arrayContaining(["docs/installation.md", "docs/resource.md", "emulator/README.md", "CHANGELOG.md"]));
});
