/** Telling the engine's default providers from a user's explicit ones, by URN or provider reference. */
import { isDefaultProvider, parseProviderReference } from "../../../provider/engine/urn";

const provider = (name: string) => `urn:pulumi:dev::p::pulumi:providers:realtimekit::${name}`;

describe("isDefaultProvider", () => {
  it.each(["default", "default_0_1_0", "default_1_2_3-alpha_4"])("knows the engine's name %s, with or without the reference's id", (name) => {
    expect(isDefaultProvider(provider(name))).toBe(true);
    expect(isDefaultProvider(parseProviderReference(`${provider(name)}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`).urn)).toBe(true);
  });

  it.each(["defaultStudio", "default-eu", "default_eu", "studio"])("takes %s for an explicit provider, whose settings are its own", (name) => {
    expect(isDefaultProvider(provider(name))).toBe(false);
    expect(isDefaultProvider(parseProviderReference(`${provider(name)}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`).urn)).toBe(false);
  });
});

describe("parseProviderReference", () => {
  it("splits at the last '::', since the URN holds '::' too", () => {
    expect(parseProviderReference(`${provider("default_0_1_0")}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`)).toEqual({
      urn: provider("default_0_1_0"), id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    });
  });
});
