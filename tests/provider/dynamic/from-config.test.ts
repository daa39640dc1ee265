import { livestreamsFromConfig } from "../../../provider/dynamic/from-config";

const APP = "14a396e7-ca44-4937-bf1f-050a69118543";

describe("livestreams declared in stack config", () => {
  it("gives one resource per entry, named by its livestream name or the id it adopts", () => {
    expect(livestreamsFromConfig([{ name: "main-stage" }, { name: "backstage", appId: APP }, { adoptLivestreamId: APP }])).toEqual([
      { resourceName: "main-stage", args: { name: "main-stage" } },
      { resourceName: "backstage", args: { name: "backstage", appId: APP } },
      { resourceName: APP, args: { adoptLivestreamId: APP } },
    ]);
  });

  it("lists every problem at once, each naming its entry", () => {
    expect(() => livestreamsFromConfig([{ name: "ok" }, "x", { name: "ok" }, { name: "a", adoptLivestreamId: APP }, {}, { name: "b", size: 3 }])).toThrow(
      "Invalid livestreams in stack config:\n" +
        "  Config 'livestreams[1]' must be an object such as {name: main-stage}\n" +
        "  Config 'livestreams[2]' repeats 'ok'; each livestream needs its own\n" +
        "  Config 'livestreams[3]' sets both 'name' and 'adoptLivestreamId'; an adopted livestream keeps its own name\n" +
        "  Config 'livestreams[4]' needs a 'name' (or an 'adoptLivestreamId')\n" +
        "  Config 'livestreams[5]' field 'size' is not a livestream setting (allowed: name, accountId, appId, adoptLivestreamId, adoptExisting)",
    );
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("refuses the key '%s' with the usual message", (key) => {
    const entry = JSON.parse(`{"name": "a", "${key}": "x"}`);
    expect(() => livestreamsFromConfig([entry])).toThrow(
      `Invalid livestreams in stack config:\n  Config 'livestreams[0]' field '${key}' is not a livestream setting (allowed: name, accountId, appId, adoptLivestreamId, adoptExisting)`,
    );
  });

  it("refuses anything but a list, naming the key", () => {
    expect(() => livestreamsFromConfig({ name: "x" }, "streams")).toThrow("Config 'streams' must be a list of livestreams, each with at least a 'name'");
  });

  it("reads the list from the config's text, as pulumi.Config's get hands it over", () => {
    expect(livestreamsFromConfig(JSON.stringify([{ name: "main-stage" }]))).toEqual([{ resourceName: "main-stage", args: { name: "main-stage" } }]);
  });

  it.each([
    ["text that is not JSON", "main-stage", `Config 'livestreams' must be a list of livestreams, each with at least a 'name' (got "main-stage")`],
    ["JSON that is not a list", JSON.stringify({ name: "x" }), "Config 'livestreams' must be a list of livestreams, each with at least a 'name'"],
    ["no value", undefined, "Config 'livestreams' is not set: declare each livestream with 'pulumi config set --path livestreams[0].name <name>'"],
  ])("refuses %s, naming the key and what is allowed", (_what, text, says) => {
    expect(() => livestreamsFromConfig(text)).toThrow(says);
  });
});

