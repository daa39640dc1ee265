/**
 * The checked-in Go SDK (sdk/go) is exactly what the schema generates: the test regenerates it into a
 * temporary folder with the same script as `npm run gen:go-sdk` and compares every file, go.mod and
 * go.sum included. It costs about 3 s once the generator is compiled; the generator's first build
 * on a machine takes about 20 s when the Pulumi CLI is built (it reuses the CLI's compiled packages)
 * and about 5 minutes when it is not.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GO_IMPORT_BASE_PATH } from "../../provider/engine/tokens";
import { oldestPulumiVersion, root } from "../../scripts/pulumi-env";

jest.setTimeout(600_000);
const checkedIn = path.join(root, "sdk", "go");

/** Every file under `dir`, relative to it, sorted. */
function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => path.relative(dir, path.join(f.parentPath, f.name)))
    .sort();
}

describe("the Go SDK in sdk/go", () => {
  let fresh: string;
  beforeAll(() => {
    fresh = fs.mkdtempSync(path.join(os.tmpdir(), "go-sdk-"));
    execFileSync("bash", [path.join(root, "scripts", "gen-go-sdk.sh"), fresh], { stdio: ["ignore", "ignore", "pipe"] });
  });
  afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

  it("is what the schema generates, file for file (else run 'npm run gen:go-sdk' and commit sdk/go)", () => {
    expect(files(checkedIn)).toEqual(files(fresh));
    for (const file of files(fresh)) {
      expect({ file, text: fs.readFileSync(path.join(checkedIn, file), "utf8") }).toEqual({ file, text: fs.readFileSync(path.join(fresh, file), "utf8") });
    }
  });

  it("is the module the schema names, its package where the schema imports it from", () => {
    expect(fs.readFileSync(path.join(checkedIn, "go.mod"), "utf8")).toMatch(new RegExp(`^module ${path.dirname(GO_IMPORT_BASE_PATH)}\n`));
    expect(fs.existsSync(path.join(checkedIn, path.basename(GO_IMPORT_BASE_PATH), "independentLivestream.go"))).toBe(true);
  });
});

it("comes from the oldest supported Pulumi's code generator, so sdk/go asks Go programs for no newer sdk/v3 than that", () => {
  const required = (goMod: string, module: string) => fs.readFileSync(goMod, "utf8").match(new RegExp(`^\\s*(?:require )?${module} (v\\S+)$`, "m"))?.[1];
  expect(oldestPulumiVersion()).toMatch(/^3\.\d+\.\d+$/);
  expect({
    generator: required(path.join(root, "scripts", "gen-go-sdk", "go.mod"), "github.com/pulumi/pulumi/pkg/v3"),
    sdk: required(path.join(checkedIn, "go.mod"), "github.com/pulumi/pulumi/sdk/v3"),
  }).toEqual({ generator: `v${oldestPulumiVersion()}`, sdk: `v${oldestPulumiVersion()}` });
});
