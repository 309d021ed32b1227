// Vitest globalSetup: provides `postgresUrl` to every test (`inject('postgresUrl')`). Uses
// TAXON_TEST_DATABASE_URL when set; otherwise starts a throwaway cluster and removes it at the end.
// When neither is possible it fails with the fix: the PostgreSQL suites never skip.
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from '../../packages/store/test/lib/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL server the tests may create databases on. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env['TAXON_TEST_DATABASE_URL'];
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
    return async () => {};
  }
  const cluster = await startPostgresCluster();
  // If the run is killed before teardown, do not leave a server behind.
  const onExit = () => cluster.stopSync();
  process.once('exit', onExit);
  project.provide('postgresUrl', cluster.url);
  return async () => {
    process.off('exit', onExit);
    await cluster.stop();
  };
}
