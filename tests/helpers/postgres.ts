/** One throwaway PostgreSQL cluster per test file, removed after it even when a test fails; stacks kept in it. */
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

/** A stack of `examples/<example>` whose state lives in `cluster`, configured for the emulator as a user would. */
export async function stackOnPostgres(example: string, emulator: EmulatorControl, cluster: PostgresCluster, stack = "test"): Promise<PulumiStack> {
  const s = await PulumiStack.create(example, { stack, env: cluster.env });
  await configure(s, emulator);
  return s;
}
