/**
 * Recovery after an update that lost its backend while creates were in flight (README, "For teams"):
 * the livestreams exist in Cloudflare, but the state only holds "pending create" operations. Pulumi's
 * own ways out do not fit: `refresh --clear-pending-creates` forgets them (the next `up` creates
 * duplicates), and in v3.259.0 `refresh --import-pending-creates` drops them from the state as well
 * (tests/e2e/teams-backend-outage.test.ts). Other pending operations pass through; `pulumi stack import` clears them with
 * a warning, as it does any.
 * This moves each pending create of an exported state into its resources, with the id of the
 * livestream Cloudflare holds under its name; `pulumi stack import`, then `pulumi refresh`, completes
 * its outputs with one GET each and no POST.
 *
 *   node dist/scripts/adopt-pending-creates.js state.json livestreams.json > recovered.json
 *
 * `state.json` is `pulumi stack export`; `livestreams.json` the body of `GET .../livestreams` (every
 * page's `data`, concatenated into one array, or one response), to find the ids by name.
 */
import * as fs from "node:fs";
import { LIVESTREAM_TYPE, StateResource } from "./pulumi-stack";

export interface ListedLivestream {
  id: string;
  name: string | null;
}

interface PendingOperation {
  type: string;
  resource: StateResource;
}

/** `pulumi stack export`, the parts this reads; the rest passes through unchanged. */
export interface ExportedState {
  deployment: { resources?: StateResource[]; pending_operations?: PendingOperation[]; [field: string]: unknown };
  [field: string]: unknown;
}

export interface Recovery {
  state: ExportedState;
  /** Pending creates now in the resources, with the id found by name. */
  adopted: { urn: string; id: string }[];
  /** Pending creates with no livestream of their name: the POST never took effect, so they are dropped. */
  dropped: string[];
}

export function adoptPendingCreates(exported: ExportedState, livestreams: ListedLivestream[]): Recovery {
  const deployment = { ...exported.deployment, resources: [...(exported.deployment.resources ?? [])] };
  const kept: PendingOperation[] = [];
  const adopted: Recovery["adopted"] = [];
  const dropped: string[] = [];
  for (const op of exported.deployment.pending_operations ?? []) {
    if (op.type !== "creating" || op.resource.type !== LIVESTREAM_TYPE) {
      kept.push(op);
      continue;
    }
    const name = op.resource.inputs?.name;
    const matches = livestreams.filter((l) => l.name === name);
    if (matches.length > 1) {
      throw new Error(`${matches.length} livestreams are named '${name}' (${matches.map((l) => l.id).join(", ")}): adopt the right one by hand (adoptLivestreamId)`);
    }
    if (matches.length === 0) {
      dropped.push(op.resource.urn);
      continue;
    }
    // Outputs start as the inputs (they hold the serialized provider that refresh needs); refresh fills in the rest.
    deployment.resources.push({ ...op.resource, id: matches[0].id, outputs: { ...op.resource.inputs } });
    adopted.push({ urn: op.resource.urn, id: matches[0].id });
  }
  deployment.pending_operations = kept;
  return { state: { ...exported, deployment }, adopted, dropped };
}

/** The livestreams of a saved list response, or of an array of them. */
function readListed(file: string): ListedLivestream[] {
  const body = JSON.parse(fs.readFileSync(file, "utf8"));
  return Array.isArray(body) ? body : body.data;
}

if (require.main === module) {
  const [stateFile, listFile] = process.argv.slice(2);
  if (!stateFile || !listFile) {
    console.error("usage: node dist/scripts/adopt-pending-creates.js <pulumi stack export file> <livestreams list file>");
    process.exit(2);
  }
  try {
    const recovery = adoptPendingCreates(JSON.parse(fs.readFileSync(stateFile, "utf8")), readListed(listFile));
    for (const { urn, id } of recovery.adopted) console.error(`adopted ${urn} as ${id}`);
    for (const urn of recovery.dropped) console.error(`dropped ${urn}: no livestream of its name, its create never took effect`);
    process.stdout.write(`${JSON.stringify(recovery.state, null, 2)}\n`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
