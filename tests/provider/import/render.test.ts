/** What each door is given: every livestream adopted by id, nothing else, ready to paste, compile or set. */
import { configAdopts, configPaths, renderGo, renderYaml } from "../../../provider/import/render";

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

  it("writes a Go file of package main through the Go SDK, its function named as asked", () => {
    const go = renderGo(adoptions, "about", "adoptOld");
    expect(go).toContain('\t"github.com/pulumi-realtimekit/pulumi-realtimekit/sdk/go/realtimekit"\n');
    expect(go).toContain(`var adoptOldIds = [][2]string{\n\t{"main-stage", "${A}"},\n\t{"123", "${B}"},\n}\n`);
    expect(go).toContain("func adoptOld(ctx *pulumi.Context) error {\n\tfor _, l := range adoptOldIds {\n");
    expect(go).toContain("realtimekit.NewIndependentLivestream(ctx, l[0], &realtimekit.IndependentLivestreamArgs{AdoptLivestreamId: pulumi.String(l[1])})");
    expect(() => renderGo(adoptions, "about", "adopt-old")).toThrow('--go-func must be a Go identifier (got "adopt-old")');
  });

  it("adds stack-config entries after those the list has, and knows which ids it already adopts", () => {
    expect(configPaths("p:livestreams", 2, adoptions)).toEqual([`p:livestreams[2].adoptLivestreamId=${A}`, `p:livestreams[3].adoptLivestreamId=${B}`]);
    expect(configAdopts([{ name: "x" }, { adoptLivestreamId: A.toUpperCase() }, "junk", null])).toEqual(new Set([A]));
  });
});
