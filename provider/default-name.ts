/**
 * The livestream name used when none is given: unique to the project, stack and resource, made to
 * fit the API's pattern. Both doors (the dynamic resource, the plugin) call this one function.
 */
import { NAME_MAX_LENGTH } from "./validate";

export function defaultName(project: string, stack: string, resourceName: string): string {
  const raw = `${project}-${stack}-${resourceName}`;
  return raw.replace(/[^a-zA-Z0-9_-]/g, "-").slice(0, NAME_MAX_LENGTH);
}
