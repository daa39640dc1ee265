/** The resource name each taken livestream gets: its own name, made unique with its id, or one from its id. */
import { resourceNames } from "../../../provider/import/resource-names";

const A = "0b1e3f5a-1111-4000-8000-000000000001";
const B = "7c9e6679-2222-4000-8000-000000000002";
const C = "9d4a1b2c-3333-4000-8000-000000000003";

describe("resource names of taken livestreams", () => {
  it("names a livestream after itself, and one without a name after its id", () => {
    expect(resourceNames([{ livestreamId: A, name: "main-stage", status: "IDLE" }, { livestreamId: B, status: "IDLE" }], new Set())).toEqual(
      new Map([[A, "main-stage"], [B, `livestream-${B}`]]),
    );
  });

  it("adds the id's first 8 hex digits to a name the stack already uses, then the whole id", () => {
    const names = resourceNames([{ livestreamId: A, name: "show", status: "IDLE" }, { livestreamId: B, name: "show", status: "IDLE" }], new Set(["show", "show-0b1e3f5a"]));
    expect(names).toEqual(new Map([[A, `show-${A}`], [B, "show-7c9e6679"]]));
  });

  it("never gives two livestreams one name, nor one a name the stack uses: a livestream may be named after another's id", () => {
    const picked = [{ livestreamId: A, name: `livestream-${B}`, status: "IDLE" }, { livestreamId: B, status: "IDLE" }, { livestreamId: C, name: `livestream-${B}-${C}`, status: "IDLE" }];
    const names = resourceNames(picked, new Set([`livestream-${B}-${C.slice(0, 8)}`]));
    expect(new Set(names.values()).size).toBe(3);
    expect(names.get(B)).not.toBe(`livestream-${B}`);
    expect(resourceNames([{ livestreamId: B, status: "IDLE" }], new Set([`livestream-${B}`])).get(B)).not.toBe(`livestream-${B}`);
  });

  it("gives the same names on every run", () => {
    const picked = [{ livestreamId: C, status: "IDLE" }, { livestreamId: A, name: "x", status: "IDLE" }];
    expect(resourceNames(picked, new Set(["x"]))).toEqual(resourceNames(picked, new Set(["x"])));
  });
});
