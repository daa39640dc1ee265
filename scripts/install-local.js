// Installs this package, packed exactly as `npm pack` publishes it, into its own node_modules, so the
// examples and tests use it as a user's program does. That matters: Pulumi serializes a provider
// from an installed package as a one-line `require`, but copies a program's own code into state.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const packDir = path.join(root, ".work", "pack");
const target = path.join(root, "node_modules", require(path.join(root, "package.json")).name);

fs.rmSync(packDir, { recursive: true, force: true });
fs.mkdirSync(packDir, { recursive: true });
const [{ filename }] = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--pack-destination", packDir], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }),
);
fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
execFileSync("tar", ["-xzf", path.join(packDir, path.basename(filename)), "-C", target, "--strip-components=1"]);
