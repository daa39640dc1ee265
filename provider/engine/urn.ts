/**
 * A resource's URN, `urn:pulumi:<stack>::<project>::<types>::<name>`, where `<types>` is its
 * parents' types and then its own, joined by `$`. Both doors name a resource by its URN, the one
 * identity Pulumi keeps unique within a stack (the bare resource name is unique only per parent type).
 */
export interface UrnParts {
  stack: string;
  project: string;
  /** The resource's own type. */
  type: string;
  /** Its parents' types, outermost first; the stack itself is never among them. */
  parentTypes: string[];
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const [head, project, qualifiedType, ...name] = urn.split("::");
  const types = qualifiedType.split("$");
  // A name may itself hold `::`.
  return { stack: head.slice("urn:pulumi:".length), project, type: types.at(-1)!, parentTypes: types.slice(0, -1), name: name.join("::") };
}

/** How messages name a resource: `'show'`, or `'show' under my:index:Studio` for a child. */
export function describeResource(urn: string): string {
  const { name, parentTypes } = parseUrn(urn);
  return parentTypes.length === 0 ? `'${name}'` : `'${name}' under ${parentTypes.join(" > ")}`;
}

/** A provider reference, as state links a resource to its provider: `<provider URN>::<provider id>`. */
export function parseProviderReference(reference: string): { urn: string; id: string } {
  const at = reference.lastIndexOf("::");
  return { urn: reference.slice(0, at), id: reference.slice(at + 2) };
}

/**
 * Whether a provider's URN is one the engine made for resources that name
 * none: it calls those `default`, or `default_` and the plugin's version with its dots as `_`.
 * Pulumi's own test is looser (any name starting `default`), which would take a user's explicit
 * `defaultStudio` for one and look for its settings in the wrong place.
 */
export function isDefaultProvider(urn: string): boolean {
  return /^default(_\d+_\d+_\d+[\w+-]*)?$/.test(parseUrn(urn).name);
}
