/**
 * Two stacks of one app that declare the same names, updated at once on one machine (issue 24, defect 2):
 * Cloudflare commits and answers each name's first POST late, after its client gave up and the other
 * stack listed the app, and every read by id answers 500, so that create fails without knowing what it made. The other stack's
 * create of the name must see that create's mark (provider/names/name-lock.ts) and be refused, never post.
 * Part of `npm run reliability`; tests/e2e/name-per-app.test.ts runs a smaller round.
 */
import { DEFAULT_EMULATOR_TOKEN, RequestLogEntry, startEmulator, DEFAULT_ACCOUNT_ID as ACCOUNT_ID, DEFAULT_APP_ID as APP_ID } from "../emulator";
import { PulumiStack } from "../scripts/pulumi-stack";
import { controlPlane } from "./control-plane";

export interface SharedNamesReport {
  /** Names each of the two stacks declares. */
  names: number;
  /** POSTs Cloudflare received, and the livestreams it holds: one of each per name. */
  posts: number;
  livestreams: number;
  /** Livestreams of a name beyond its first. */
  duplicates: number;
  /** Names a stack's update refused because the app holds them: each name, once one stack made it. */
  refused: number;
}

/** Longer than the client's timeout (1 s), shorter than the settle window (5 s): found by the create that gave up. */
const ANSWER_AFTER_MS = 2500;

export async function runSharedNames(count: number, log: (line: string) => void = () => undefined): Promise<SharedNamesReport> {
  const emulator = await startEmulator({ port: 0 });
  const control = controlPlane(emulator);
  const stacks: PulumiStack[] = [];
  // Names of this run only: the name lock's folder is the machine's, shared with earlier runs.
  const prefix = `shared${Date.now().toString(36)}`;
  try {
    for (const stack of ["a", "b"]) {
      stacks.push(await PulumiStack.create("bench/fleet", { stack }));
      await stacks.at(-1)!.setAll({ plaintext: {
        count: String(count), prefix, "realtimekit:accountId": ACCOUNT_ID, "realtimekit:appId": APP_ID, "realtimekit:baseUrl": emulator.baseUrl,
        "realtimekit:timeoutSeconds": "1", "realtimekit:maxRetries": "0", "realtimekit:createSettleSeconds": "5",
      }, secret: { "realtimekit:apiToken": DEFAULT_EMULATOR_TOKEN } });
    }
    await control("POST", "/faults", {
      faults: [
        { operation: "create_livestream", kind: "delay", ms: ANSWER_AFTER_MS, count },
        { operation: "get-v2-livestream-session-livestream-id", kind: "status", status: 500, count: 100 * count },
      ],
    });
    // --continue-on-error: each stack tries every name, whatever failed before.
    const results = await Promise.all(stacks.map((s) => s.run(["up", "--yes", "--skip-preview", "--continue-on-error"], { allowFailure: true })));
    // A POST is logged once answered, also one whose client gave up.
    await new Promise((resolve) => setTimeout(resolve, ANSWER_AFTER_MS));
    results.forEach((r, i) => log(`shared names, stack ${i ? "b" : "a"}: exit ${r.code}`));
    const records = (await control("GET", "/livestreams")) as { name: string }[];
    const requests = (await control("GET", "/requests")) as RequestLogEntry[];
    const printed = results.map((r) => r.stdout + r.stderr).join("\n");
    return {
      names: count,
      posts: requests.filter((r) => r.operation === "create_livestream").length,
      livestreams: records.length,
      duplicates: records.length - new Set(records.map((r) => r.name)).size,
      refused: new Set([...printed.matchAll(/already has a livestream named '([^']+)'/g)].map((m) => m[1])).size,
    };
  } finally {
    stacks.forEach((s) => s.dispose());
    await emulator.close();
  }
}
