/**
 * The livestreams a stack's program declares that its state lacks, as the engine would create them:
 * the new states of `pulumi preview --json`'s create steps (URN, inputs, parent, provider,
 * dependencies). After `pulumi refresh --clear-pending-creates` these are all recovery has of the
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

/** The livestreams the program declares that the state lacks, created by name (not adopted). */
export async function declaredCreates(pulumiFlags: string[]): Promise<StateResource[]> {
  const text = await pulumi(["preview", "--json"], pulumiFlags, undefined, { [DECLARED_PREVIEW_ENV]: "1" });
  const steps = ((JSON.parse(text) as { steps?: PreviewStep[] }).steps ?? []).filter((s) => s.op === "create" && s.newState && isLivestream(s.newState));
  return steps.map((s) => s.newState!).filter((r) => !r.inputs?.adoptLivestreamId && !r.inputs?.adoptExisting);
}
