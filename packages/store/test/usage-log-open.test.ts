import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, openUsageLog, type Queryable } from '../src/index.js';
import { postgresUrl } from './lib/postgres-backends.js';
import { createTestDatabase } from './lib/postgres-database.js';
import { usageRecord } from './lib/postgres-usage-records.js';

describe('choosing the database', () => {
  let database: { url: string; drop(): Promise<void> } | undefined;
  let root: string;
  let dir: string;
  beforeEach(async () => {
    database = await createTestDatabase(postgresUrl());
    root = mkdtempSync(join(tmpdir(), 'taxon-pglite-'));
    dir = root;
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  const currentDatabase = async (driver: Queryable) =>
    (await driver.query<{ name: string; version: string }>('SELECT current_database() AS name, version() AS version')).rows[0]!;

  it('DATABASE_URL switches the same SQL to the server', async () => {
    vi.stubEnv('DATABASE_URL', database!.url);
    const log = await openUsageLog();
    try {
      expect(log.driver).toMatchObject({ dialect: 'postgres' });
      const { name, version } = await currentDatabase(log.driver);
      expect(name).toBe(new URL(database!.url).pathname.slice(1));
      expect(version).not.toMatch(/PGlite/);
      expect(await log.insert(usageRecord({ requestId: 'env-1' }))).toBe(true);
    } finally {
      await log.close();
    }
  });

  it('reads POSTGRES_URL when DATABASE_URL is unset; DATABASE_URL wins when both are set', async () => {
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('POSTGRES_URL', database!.url);
    const fromPostgresUrl = await openDatabase();
    expect(fromPostgresUrl.dialect).toBe('postgres');
    expect((await currentDatabase(fromPostgresUrl)).name).toBe(new URL(database!.url).pathname.slice(1));
    await fromPostgresUrl.close();
    vi.stubEnv('POSTGRES_URL', 'mysql://user:secret@host/db');
    vi.stubEnv('DATABASE_URL', database!.url);
    const both = await openDatabase();
    expect(both.dialect).toBe('postgres');
    await both.close();
    vi.stubEnv('DATABASE_URL', '');
    await expect(openDatabase()).rejects.toThrow('Invalid PostgreSQL URL in POSTGRES_URL: expected postgres://');
  });

  it('an explicit databaseUrl wins over DATABASE_URL, an explicit dataDir over both defaults', async () => {
    vi.stubEnv('DATABASE_URL', 'postgres://nobody@127.0.0.1:1/none');
    const server = await openDatabase({ databaseUrl: database!.url });
    expect(server.dialect).toBe('postgres');
    expect((await currentDatabase(server)).name).toBe(new URL(database!.url).pathname.slice(1));
    await server.close();
    const embedded = await openDatabase({ dataDir: 'memory://' });
    expect(embedded.dialect).toBe('pglite');
    expect((await currentDatabase(embedded)).version).toMatch(/PGlite/);
    await embedded.close();
  });

  it('refuses a URL that is not a PostgreSQL URL, without echoing it', async () => {
    vi.stubEnv('DATABASE_URL', 'mysql://user:secret@host/db');
    const error = await openDatabase().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toBe('Invalid PostgreSQL URL in DATABASE_URL: expected postgres://user:password@host:5432/database.');
  });

  it('keeps embedded data in its folder across restarts', async () => {
    dir = join(dir, 'nested', 'pglite');
    const first = await openUsageLog({ dataDir: dir });
    expect(await first.insert(usageRecord({ requestId: 'persist-1', estimatedCost: '0.000042' }))).toBe(true);
    await first.close();
    expect(readdirSync(dir)).toContain('PG_VERSION');

    const second = await openUsageLog({ dataDir: dir });
    try {
      expect(await second.insert(usageRecord({ requestId: 'persist-1' }))).toBe(false);
      const { rows } = await second.driver.query('SELECT request_id, estimated_cost FROM ai_usage_logs');
      expect(rows).toEqual([{ request_id: 'persist-1', estimated_cost: '0.000042' }]);
      expect((await second.driver.query("SELECT version FROM taxon_migrations WHERE scope = 'usage-log'")).rows).toEqual([{ version: 1 }]);
    } finally {
      await second.close();
    }
  });

  it('defaults to embedded PGlite in .taxon/pglite under the working directory', async () => {
    vi.stubEnv('DATABASE_URL', '');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const log = await openUsageLog();
      expect(log.driver).toMatchObject({ dialect: 'pglite' });
      await log.close();
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(join(root, '.taxon', 'pglite'))).toContain('PG_VERSION');
  });

  it('closes the database it opened when migrations fail', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'taxon-bad-migrations-'));
    try {
      writeFileSync(join(bad, '0001_broken.sql'), 'CREATE TABLE broken (;');
      await expect(openUsageLog({ databaseUrl: database!.url, migrationsDir: bad })).rejects.toThrow(
        /Migration 1 "broken" \(usage-log\) failed/,
      );
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
    // The pool was ended: the database can be dropped without FORCE-killing a leftover connection.
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
      new URL(database!.url).pathname.slice(1),
    ]);
    await admin.end();
    expect(rows).toEqual([{ n: 0 }]);
  });
});
