/** The parts of a resource URN the plugin needs: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export interface UrnParts {
  stack: string;
  project: string;
  /** The resource's own type, without its parents' (`parent$child`). */
  type: string;
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const [head, project, qualifiedType, ...name] = urn.split("::");
  // A name may itself hold `::`.
  return { stack: head.slice("urn:pulumi:".length), project, type: qualifiedType.split("$").at(-1)!, name: name.join("::") };
}
