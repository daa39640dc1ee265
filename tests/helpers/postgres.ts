/** Throwaway PostgreSQL clusters, for a test file or for one case, removed after it even when it fails; stacks kept in them. */
import { createPostgres, PostgresCluster, removePostgres } from "../../scripts/postgres";
import { PulumiStack } from "../../scripts/pulumi-stack";
import { configure } from "./e2e";
import { EmulatorControl } from "./emulator";

export function usePostgres(): PostgresCluster {
  const cluster = {} as PostgresCluster;
  // A test run that ends early still stops its server: `exit` runs on jest's normal and forced ends.
  const onExit = () => removePostgres(cluster);
  beforeAll(async () => {
    Object.assign(cluster, await createPostgres());
    process.once("exit", onExit);
  });
  afterAll(() => {
    process.off("exit", onExit);
    removePostgres(cluster);
  });
  return cluster;
}

/** `body` with a cluster of its own, for cases that run side by side and each stop their server. */
export async function withPostgres<T>(body: (cluster: PostgresCluster) => Promise<T>): Promise<T> {
  const cluster = await createPostgres();
  const onExit = () => removePostgres(cluster);
  process.once("exit", onExit);
  try {
    return await body(cluster);
  } finally {
    process.off("exit", onExit);
    removePostgres(cluster);
  }
}

/** A stack of `examples/<example>` whose state lives in `cluster`, configured for the emulator as a user would. */
export async function stackOnPostgres(example: string, emulator: EmulatorControl, cluster: PostgresCluster, stack = "test", env: Record<string, string> = {}): Promise<PulumiStack> {
  const s = await PulumiStack.create(example, { stack, env: { ...env, ...cluster.env } });
  await configure(s, emulator);
  return s;
}
