/** One throwaway PostgreSQL cluster per test file, removed after it even when a test fails. */
import { createPostgres, PostgresCluster, removePostgres } from "../../scripts/postgres";

export function usePostgres(): PostgresCluster {
  const cluster = {} as PostgresCluster;
  // A test run killed midway still stops its server: `exit` runs on jest's normal and forced ends.
  const onExit = () => removePostgres(cluster);
  beforeAll(async () => {
    Object.assign(cluster, await createPostgres());
    process.once("exit", onExit);
  });
  afterAll(() => {
    process.off("exit", onExit);
    if (cluster.dir) removePostgres(cluster);
  });
  return cluster;
}
