/**
 * The resource name each taken livestream gets in the program: its livestream name, which the API
 * already keeps unique in the app; for one without a name (the API allows `name: null`),
 * `livestream-<its id>`, the same on every run. A name the stack already uses, or an earlier
 * livestream of this run took, gets `-<the first 8 hex digits of the id>` added, then the whole id,
 * then a count: another livestream may be named after this one's id, and two resources of one name
 * would make a file that does not parse.
 */
import { LivestreamSummary } from "../types";

/** Resource name by livestream id, for `picked` in its order. */
export function resourceNames(picked: readonly LivestreamSummary[], taken: ReadonlySet<string>): Map<string, string> {
  const used = new Set(taken);
  const names = new Map<string, string>();
  for (const { livestreamId, name } of picked) {
    const candidates = name ? [name, `${name}-${livestreamId.slice(0, 8)}`, `${name}-${livestreamId}`] : [`livestream-${livestreamId}`];
    let chosen = candidates.find((c) => !used.has(c));
    for (let n = 2; chosen === undefined; n++) if (!used.has(`${candidates.at(-1)}-${n}`)) chosen = `${candidates.at(-1)}-${n}`;
    used.add(chosen);
    names.set(livestreamId, chosen);
  }
  return names;
}
