/**
 * The provider as state stores it. IndependentLivestream writes a constant `__provider`; it must be
 * byte for byte what Pulumi's closure serializer writes for the installed package's runtime module,
 * so that resources created before (whose state holds the serializer's text) see no change, and it
 * must load that runtime by package name, hold no credential and stay small.
 * Serialized in a plain Node process: jest's module registry hides modules from Pulumi's serializer.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { SERIALIZED_PROVIDER } from "../../provider/dynamic/serialized-provider";
import { root } from "../../scripts/pulumi-env";
import { PROVIDER_BUDGET } from "../helpers/e2e";

const script = `
  const pulumi = require("@pulumi/pulumi");
  const provider = require("pulumi-realtimekit/runtime");
  pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })
    .then(({ text, containsSecrets }) => console.log(JSON.stringify({ text, containsSecrets })));`;

it("is what Pulumi's serializer writes for the installed runtime: a small require by package name, with no credential", () => {
  const token = "token-in-the-environment-0123456789";
  // A program of its own inside the repository: its package.json stops Node from resolving our
  // package name to this repository itself, so it loads the installed copy as a user's program does.
  const dir = path.join(root, ".work", "serialize-provider");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "serialize-provider", private: true }));
  const file = path.join(dir, "index.js");
  fs.writeFileSync(file, script);
  const output = execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8", env: { ...process.env, CLOUDFLARE_API_TOKEN: token } });
  const { text, containsSecrets } = JSON.parse(output.trim().split("\n").at(-1)!);
  expect(SERIALIZED_PROVIDER).toBe(text);
  expect(containsSecrets).toBe(false);
  expect(SERIALIZED_PROVIDER).toContain('const provider = require("pulumi-realtimekit/runtime");');
  expect(SERIALIZED_PROVIDER).not.toMatch(/require\("\.{1,2}\//);
  expect(Buffer.byteLength(SERIALIZED_PROVIDER)).toBeLessThanOrEqual(PROVIDER_BUDGET);
});

it("loads, as the provider host does, to the provider the runtime module exports", () => {
  const dir = path.join(root, ".work", "serialize-provider");
  const file = path.join(dir, "load.js");
  fs.writeFileSync(file, `
    const requireFromString = require(require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi")] }));
    const loaded = requireFromString(${JSON.stringify(SERIALIZED_PROVIDER)}).handler();
    console.log(loaded === require("pulumi-realtimekit/runtime") && typeof loaded.create);`);
  expect(execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" }).trim()).toBe("function");
});
