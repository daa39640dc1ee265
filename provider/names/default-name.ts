/**
 * The livestream name used when none is given: unique to the project, stack and resource. Both
 * doors (the dynamic resource, the plugin) call this one function.
 */
import { createHash } from "node:crypto";
import { NAME_MAX_LENGTH } from "../settings/validate";

/** Hex digits of the hash that keeps an altered name unique. */
const HASH_LENGTH = 8;
/** A part that joins with `-` so that the whole can be split back: no `-`, nothing the API refuses. */
const PLAIN_PART = /^[a-zA-Z0-9_]+$/;

/**
 * `<project>-<stack>-<resource>` as it is when each part is plain and the whole fits, so that it can
 * only come from these three parts. Otherwise joining, replacing characters the API refuses with
 * `-` and cutting to 100 characters can make two names one (`a-b`,`c`,`d` and `a`,`b-c`,`d`; `show.1`
 * and `show/1`), so a short hash of the three parts is appended. A livestream keeps the name it was
 * created with whatever this function later says (see check.ts), so stacks never replace over it.
 */
export function defaultName(project: string, stack: string, resourceName: string): string {
  const parts = [project, stack, resourceName];
  const raw = parts.join("-");
  if (raw.length <= NAME_MAX_LENGTH && parts.every((part) => PLAIN_PART.test(part))) return raw;
  const hash = createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, HASH_LENGTH);
  return `${raw.replace(/[^a-zA-Z0-9_-]/g, "-").slice(0, NAME_MAX_LENGTH - HASH_LENGTH - 1)}-${hash}`;
}
