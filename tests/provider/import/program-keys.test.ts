/** What the program already declares, which the command's output must not declare again. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { goAdoptedIds, goFuncDeclaredIn, goLivestreamNames, yamlAdoptedIds, yamlProgramKeys } from "../../../provider/import/program-keys";

describe("the keys a Pulumi YAML program uses", () => {
  it("reads every key under 'resources:' and 'variables:', quoted ones unquoted, and no other section's", () => {
    const program = [
      "name: p # a comment",
      "runtime: yaml",
      "config:",
      "  region: {type: string}",
      "variables:",
      "  show-001:",
      "    fn::invoke: {function: x}",
      "  'it''s':",
      "    1",
      "resources:",
      "  # show-002 is a comment",
      "  main-stage:",
      "    type: realtimekit:IndependentLivestream",
      "    properties:",
      "      name: inner-not-a-key",
      '  "yes":',
      "    type: x",
      '  "a\\u2028b": {type: x}',
      "outputs:",
      "  exported: ${main-stage.id}",
    ].join("\n");
    expect(yamlProgramKeys(program)).toEqual(new Set(["show-001", "it's", "main-stage", "yes", "a\u2028b"]));
  });

  it("refuses a section written in flow style, which it cannot read, naming it", () => {
    expect(() => yamlProgramKeys("name: p\nresources: {a: {type: x}}\n")).toThrow(
      "Pulumi.yaml's 'resources:' is in flow style ({...}); write it as a block (one key a line) so that realtimekit-import can read its keys",
    );
  });
});

describe("a Go function the program's folder already declares", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "go-func-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("names the .go file that declares it, as a function or as its ids' variable", () => {
    fs.writeFileSync(path.join(dir, "adopt_livestreams.go"), "package main\n\nvar adoptLivestreamsIds = [][2]string{}\n\nfunc adoptLivestreams(ctx *pulumi.Context) error {\n\treturn nil\n}\n");
    fs.writeFileSync(path.join(dir, "notes.txt"), "func adoptMore(");
    expect(goFuncDeclaredIn(dir, "adoptLivestreams")).toBe("adopt_livestreams.go");
    expect(goFuncDeclaredIn(dir, "adoptLivestream")).toBeUndefined();
    expect(goFuncDeclaredIn(dir, "adoptMore")).toBeUndefined();
    fs.writeFileSync(path.join(dir, "more.go"), "package main\nvar adoptMoreIds = 1\n");
    expect(goFuncDeclaredIn(dir, "adoptMore")).toBe("more.go");
  });
});

describe("the resource names a Go program's folder gives livestreams", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "go-names-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads each name written as a string literal in a NewIndependentLivestream call of any .go file", () => {
    fs.writeFileSync(path.join(dir, "main.go"), [
      'main, err := realtimekit.NewIndependentLivestream(ctx, "main-stage", nil)',
      'rk.NewIndependentLivestream(ctx,\n\t"back\\"stage", &realtimekit.IndependentLivestreamArgs{})',
      "realtimekit.NewIndependentLivestream(ctx, name, nil) // not a literal: unseen",
      'other.NewBucket(ctx, "main-bucket", nil)',
    ].join("\n"));
    fs.writeFileSync(path.join(dir, "notes.md"), 'NewIndependentLivestream(ctx, "in-a-note", nil)');
    expect(goLivestreamNames(dir)).toEqual(new Set(["main-stage", 'back"stage']));
  });
});


describe("the livestream ids a program adopts", () => {
  const id = "0B1E3F5A-4C2D-4E8F-9A1B-2C3D4E5F6A7B";
  it("reads each adoptLivestreamId of a Pulumi YAML program, plain or quoted, in lower case, and no other property", () => {
    const program = ["resources:", "  a:", "    properties:", `      adoptLivestreamId: ${id}`, "  b:", "    properties:",
      "      adoptLivestreamId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' # b", "  c:", "    properties:", "      name: 11111111-2222-4333-8444-555555555555"].join("\n");
    expect(yamlAdoptedIds(program)).toEqual(new Set([id.toLowerCase(), "7c9e6679-7425-40de-944b-e07fc1f90ae7"]));
  });

  it("reads every id a Go program's files hold as a string literal, what the command wrote or by hand", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "go-ids-"));
    fs.writeFileSync(path.join(dir, "adopt.go"), `var adoptLivestreamsIds = [][2]string{\n\t{"show", "${id}"},\n}\n`);
    fs.writeFileSync(path.join(dir, "main.go"), 'AdoptLivestreamId: pulumi.String("7c9e6679-7425-40de-944b-e07fc1f90ae7")\n');
    fs.writeFileSync(path.join(dir, "notes.txt"), '"11111111-2222-4333-8444-555555555555"');
    expect(goAdoptedIds(dir)).toEqual(new Set([id.toLowerCase(), "7c9e6679-7425-40de-944b-e07fc1f90ae7"]));
  });
});
