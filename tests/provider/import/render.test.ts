/** What each door is given: every livestream adopted by id, nothing else, ready to paste, compile or set. */
import { configDeclares, configPaths, renderGo, renderYaml } from "../../../provider/import/render";

const A = "0b1e3f5a-1111-4000-8000-000000000001";
const B = "7c9e6679-2222-4000-8000-000000000002";
const adoptions = [{ resourceName: "main-stage", livestreamId: A }, { resourceName: "123", livestreamId: B }];

describe("rendering the adoptions", () => {
  it("writes Pulumi YAML resources to sit under 'resources:', quoting a key YAML would not read as text", () => {
    expect(renderYaml([...adoptions, { resourceName: "yes", livestreamId: A }], "about")).toBe(
      [
        "  # about",
        "  main-stage:",
        "    type: realtimekit:IndependentLivestream",
        "    properties:",
        `      adoptLivestreamId: ${A}`,
        '  "123":',
        "    type: realtimekit:IndependentLivestream",
        "    properties:",
        `      adoptLivestreamId: ${B}`,
        '  "yes":',
        "    type: realtimekit:IndependentLivestream",
        "    properties:",
        `      adoptLivestreamId: ${A}`,
        "",
      ].join("\n"),
    );
  });

  it("quotes a key with a line or paragraph separator or another non-printable in escapes YAML and JSON share, so YAML reads back the same key", () => {
    const odd = ["a\u2028b", "a\u2029b", "a\u0085b", "a\u007fb", "a\ufeffb", "tab\tand\nnewline", "\u00e9t\u00e9", "\u{1F600}"];
    const keys = renderYaml(odd.map((resourceName) => ({ resourceName, livestreamId: A })), "about").split("\n").filter((l) => /^ {2}\S/.test(l) && !l.startsWith("  #"));
    expect(keys).toContain('  "a\\u2028b":');
    expect(keys.map((k) => JSON.parse(k.slice(2, -1)))).toEqual(odd);
    for (const key of keys) expect(key).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/);
  });

  it("writes a Go file of package main through the Go SDK, its function named as asked", () => {
    const go = renderGo(adoptions, "about", "adoptOld");
    expect(go).toContain('\t"github.com/pulumi-realtimekit/pulumi-realtimekit/sdk/go/realtimekit"\n');
    expect(go).toContain(`var adoptOldIds = [][2]string{\n\t{"main-stage", "${A}"},\n\t{"123", "${B}"},\n}\n`);
    expect(go).toContain("func adoptOld(ctx *pulumi.Context) error {\n\tfor _, l := range adoptOldIds {\n");
    expect(go).toContain("realtimekit.NewIndependentLivestream(ctx, l[0], &realtimekit.IndependentLivestreamArgs{AdoptLivestreamId: pulumi.String(l[1])})");
  });

  it("writes a Go string of any name in escapes Go and JSON share, nothing non-printable raw", () => {
    const go = renderGo([{ resourceName: "a\u2028b\ufeff\"q\"", livestreamId: A }], "about", "adoptOld");
    expect(go).toContain(`\t{"a\\u2028b\\ufeff\\"q\\"", "${A}"},\n`);
  });

  it("adds stack-config entries after those the list has, and knows which ids it already adopts and which names its entries take", () => {
    expect(configPaths("p:livestreams", 2, adoptions)).toEqual([`p:livestreams[2].adoptLivestreamId=${A}`, `p:livestreams[3].adoptLivestreamId=${B}`]);
    expect(configDeclares([{ name: "x" }, { name: "y", adoptExisting: true }, { adoptLivestreamId: A.toUpperCase() }, "junk", null, { name: 3 }])).toEqual({
      ids: new Set([A]),
      names: new Set(["x", "y"]),
    });
  });
});
