/**
 * Recovery writes back (`pulumi stack import`) the state it read, edited. Another command of the stack
 * that wrote the state in between (a `pulumi up` run while recovery waited out the settle window, a
 * `refresh`) would be undone by that write: a resource it created would drop out of state, its
 * livestream in no state. So recovery reads the state again right before it writes, and refuses,
 * writing nothing, when what the engine records (resources, pending operations) differs. The write
 * itself is safe from a command still running: Pulumi's backends lock the stack for an update and
 * for an import, so an import during one fails.
 */
import { RecoveryConflictError } from "./recover";
import { ExportedStack } from "./pending-creates";

/** What recovery's refusals say to do once the other command has ended (see also pulumi-cli.ts's hint for a locked stack). */
export const RUN_AGAIN = "Run 'realtimekit-recover' again";

/** What a write of the stack can change that recovery's write would undo (the manifest's time alone undoes nothing). */
const recorded = ({ deployment }: ExportedStack): string => JSON.stringify([deployment.resources ?? [], deployment.pending_operations ?? []]);

/** Throws, naming what to do, when `now` (the state read right before recovery writes) differs from `read`, which it edited. */
export function expectUnchanged(read: ExportedStack, now: ExportedStack): void {
  if (recorded(read) === recorded(now)) return;
  const manifest = (state: ExportedStack) => (state.deployment.manifest as { time?: string } | undefined)?.time ?? "an unknown time";
  throw new RecoveryConflictError(
    `the stack's state changed while recovery ran (it read the state last written at ${manifest(read)}; another command ` +
      `of this stack, such as 'pulumi up' or 'pulumi refresh', wrote it at ${manifest(now)}), so writing what it found ` +
      `would undo that command: nothing was written. ${RUN_AGAIN} once no other command of this stack ` +
      "runs; it reads the state anew",
  );
}
