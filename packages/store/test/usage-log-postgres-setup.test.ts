import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestProject } from 'vitest/node';
import setup from '../../../test/setup/postgres.js';
import { findPostgresBinaries, startPostgresCluster } from './lib/postgres-cluster.js';

const canConnect = async (url: string) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
};

function fakeProject() {
  const provided: Record<string, unknown> = {};
  const project = { provide: (key: string, value: unknown) => void (provided[key] = value) };
  return { project: project as unknown as TestProject, provided };
}

describe('the PostgreSQL test setup', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('fails, never skips, when PostgreSQL is not installed, and says how to install it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'taxon-no-pg-'));
    try {
      expect(findPostgresBinaries({ path: empty, libRoot: join(empty, 'none') })).toBeUndefined();
      await expect(startPostgresCluster({ search: { path: empty, libRoot: join(empty, 'none') } })).rejects.toThrow(
        /PostgreSQL server binaries \(initdb, pg_ctl\) not found .* `sh scripts\/setup-system\.sh`/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('starts a throwaway cluster, provides its URL and removes it on teardown', async () => {
    vi.stubEnv('TAXON_TEST_DATABASE_URL', '');
    const { project, provided } = fakeProject();
    const teardown = await setup(project);
    const url = provided['postgresUrl'] as string;
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(await canConnect(url)).toBe(true);
    await teardown();
    expect(await canConnect(url)).toBe(false);
  });

  it('uses TAXON_TEST_DATABASE_URL as given when set', async () => {
    vi.stubEnv('TAXON_TEST_DATABASE_URL', 'postgres://ci@db.internal:5432/taxon');
    const { project, provided } = fakeProject();
    const teardown = await setup(project);
    expect(provided).toEqual({ postgresUrl: 'postgres://ci@db.internal:5432/taxon' });
    await teardown();
  });
});
