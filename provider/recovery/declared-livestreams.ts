/**
 * The livestreams a stack's program declares that its state lacks, as the engine would create them:
 * the new states of `pulumi preview --json`'s create and replace steps (URN, inputs, parent,
 * provider, dependencies): a replace the crash cut off may have made its replacement. After `pulumi refresh --clear-pending-creates` these are all recovery has of the
 * creates an interrupted update sent. The preview runs with DECLARED_PREVIEW_ENV set, so that `check`
 * lets through a name its app holds, which it refuses otherwise: `create` still refuses it, and a
 * preview creates nothing.
 */
import { pulumi } from "./pulumi-cli";
import { isLivestream, StateResource } from "./pending-creates";

/** Set (to "1") only for recovery's preview: `check` then leaves the name an app holds to `create` (see livestream-provider.ts). */
export const DECLARED_PREVIEW_ENV = "REALTIMEKIT_RECOVERY_PREVIEW";

/** One step of `pulumi preview --json`: the fields read here. */
interface PreviewStep {
  op: string;
  newState?: StateResource;
}

/** The engine's steps that create a livestream: a new resource, or the replacement of one (which a killed replace may have made). */
const CREATING_OPS = ["create", "create-replacement", "replace"];

/** The livestreams the program declares that the state lacks, created by name (not adopted). */
export async function declaredCreates(pulumiFlags: string[]): Promise<StateResource[]> {
  return declaredIn(await pulumi(["preview", "--json"], pulumiFlags, undefined, { [DECLARED_PREVIEW_ENV]: "1" }));
}

/** From the text of `pulumi preview --json`: each URN once (a replace shows as `create-replacement` and `replace`). */
export function declaredIn(previewJson: string): StateResource[] {
  const steps = ((JSON.parse(previewJson) as { steps?: PreviewStep[] }).steps ?? []).filter((s) => CREATING_OPS.includes(s.op) && s.newState && isLivestream(s.newState));
  const byUrn = new Map(steps.map((s) => [s.newState!.urn, s.newState!]));
  return [...byUrn.values()].filter((r) => !r.inputs?.adoptLivestreamId && !r.inputs?.adoptExisting);
}
