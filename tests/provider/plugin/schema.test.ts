/**
 * The plugin's schema: derived from the declarations the TypeScript class uses, and what the real
 * CLI prints from the packaged launcher (`npm run build` installs it into node_modules).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { SETTINGS } from "../../../provider/settings/config";
import { schema } from "../../../provider/plugin/schema";
import { FACTS, INPUTS, outputNames, replaceOnChange } from "../../../provider/types";
import { preparePulumiDir, pulumiEnv, root } from "../../../scripts/pulumi-env";

const resource = schema.resources["realtimekit:index:IndependentLivestream"];

describe("the plugin's schema", () => {
  it("has exactly the inputs and outputs the TypeScript class has", () => {
    expect(Object.keys(resource.inputProperties).sort()).toEqual(Object.keys(INPUTS).sort());
    expect(Object.keys(resource.properties).sort()).toEqual([...new Set([...Object.keys(INPUTS), ...Object.keys(FACTS)])].sort());
    expect(Object.keys(resource.properties)).toEqual(expect.arrayContaining([...outputNames]));
    expect(replaceOnChange).toEqual(["name", "accountId", "appId", "adoptLivestreamId"]);
  });

  it("marks the stream key and the token secret, and nothing else", () => {
    const secrets = (props: Record<string, object>) => Object.keys(props).filter((key) => "secret" in props[key]);
    expect(secrets(resource.properties)).toEqual(["streamKey"]);
    expect(secrets(resource.inputProperties)).toEqual([]);
    expect(secrets(schema.functions["realtimekit:index:getIndependentLivestream"].outputs.properties)).toEqual(["streamKey"]);
    expect(secrets(schema.config.variables)).toEqual(["apiToken"]);
    expect(secrets(schema.provider.inputProperties)).toEqual(["apiToken"]);
  });

  it("requires every output Cloudflare always has, and no input", () => {
    expect([...(resource.required ?? [])].sort()).toEqual(["accountId", "appId", "disabled", "ingestServer", "livestreamId", "name", "playbackUrl", "status", "streamKey"]);
    expect(resource).not.toHaveProperty("requiredInputs");
  });

  it("offers every setting of the settings table (docs/configuration.md), as stack config and provider properties", () => {
    expect(Object.keys(schema.config.variables).sort()).toEqual(Object.keys(SETTINGS).sort());
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
  });

  it("names the Go SDK's import path, the checked-in sdk/go's (tests/scripts/gen-go-sdk.test.ts)", () => {
    expect(schema.language).toEqual({ go: { importBasePath: "github.com/pulumi-realtimekit/pulumi-realtimekit/sdk/go/realtimekit" } });
  });

  it("is what `pulumi package get-schema` prints from the packaged plugin", () => {
    const dir = path.join(root, ".work", "schema-test");
    preparePulumiDir(dir);
    const launcher = path.join(root, "node_modules", "pulumi-realtimekit", "bin", "pulumi-resource-realtimekit");
    if (!fs.existsSync(launcher)) throw new Error(`${launcher} is missing: run 'npm run build' (npm test does)`);
    const printed = execFileSync("pulumi", ["package", "get-schema", launcher], { env: pulumiEnv(dir), encoding: "utf8" });
    expect(JSON.parse(printed)).toEqual(JSON.parse(JSON.stringify(schema)));
  });
});
