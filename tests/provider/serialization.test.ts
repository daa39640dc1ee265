/**
 * The provider as Pulumi serializes it into state. Loaded from node_modules, as a user's program
 * loads the installed package (npm run build installs it there), it becomes a one-line require.
 * Serialized in a plain Node process: jest's module registry hides modules from Pulumi's serializer.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { root } from "../../scripts/pulumi-env";
import { PROVIDER_BUDGET } from "../helpers/e2e";

const script = `
  const pulumi = require("@pulumi/pulumi");
  const { IndependentLivestream } = require("pulumi-realtimekit");
  const provider = require("pulumi-realtimekit/runtime");
  pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })
    .then(({ text, containsSecrets }) => console.log(JSON.stringify({ text, containsSecrets, resource: typeof IndependentLivestream })));`;

it("serializes to a small require of the package, with no credential and no secret", () => {
  const token = "token-in-the-environment-0123456789";
  // A program of its own inside the repository: its package.json stops Node from resolving our
  // package name to this repository itself, so it loads the installed copy as a user's program does.
  const dir = path.join(root, ".work", "serialize-provider");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "serialize-provider", private: true }));
  const file = path.join(dir, "index.js");
  fs.writeFileSync(file, script);
  const output = execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8", env: { ...process.env, CLOUDFLARE_API_TOKEN: token } });
  const { text, containsSecrets, resource } = JSON.parse(output.trim().split("\n").at(-1)!);
  expect(resource).toBe("function");
  expect(text).toContain('const provider = require("pulumi-realtimekit/runtime");');
  expect(text).not.toMatch(/require\("\.{1,2}\//);
  expect(text).not.toContain(token);
  expect(containsSecrets).toBe(false);
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(PROVIDER_BUDGET);
});
