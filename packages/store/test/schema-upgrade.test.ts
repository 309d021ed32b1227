// Taxon's tables live in their own schema (`taxon` by default). A database written by an older
// version keeps them in `public`: opening it with this version moves them, rows and all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  costPerDay,
  createPgliteDriver,
  createSqlProcessedEvents,
  migrate,
  openDatabase,
  openUsageLog,
  packageMigrationsDir,
  type Queryable,
  type SqlDriver,
} from '../src/index.js';
import { sha256Hex } from '../src/lib/sha256.js';
import { backends, postgresUrl, type TestDatabase } from './lib/postgres-backends.js';
import { createTestDatabase } from './lib/postgres-database.js';
import { usageRecord } from './lib/postgres-usage-records.js';

/** What Taxon 0.1 left in a database: its tables, function and migration records, all in `public`. */
async function createOldLayout(driver: SqlDriver): Promise<void> {
  const usageLogSql = readFileSync(join(await packageMigrationsDir(), '0001_create_ai_usage_logs.sql'), 'utf8');
  const processedSql = `CREATE TABLE taxon_processed_events (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 300),
  processed_at timestamptz NOT NULL DEFAULT now()
);`;
  await driver.transaction(async (tx) => {
    await tx.exec('SET LOCAL search_path TO public');
    await tx.exec(`CREATE TABLE taxon_migrations (
      scope text NOT NULL, version integer NOT NULL, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))`);
    await tx.exec(usageLogSql);
    await tx.exec(processedSql);
    await tx.query('INSERT INTO taxon_migrations (scope, version, name, checksum) VALUES ($1, 1, $2, $3), ($4, 1, $5, $6)', [
      'usage-log',
      'create_ai_usage_logs',
      await sha256Hex(usageLogSql),
      'processed-events',
      'create_taxon_processed_events',
      await sha256Hex(processedSql),
    ]);
    for (const [i, cost] of ['0.001', '0.002500', '0.000000000000000001'].entries()) {
      await tx.query(
        `INSERT INTO ai_usage_logs (request_id, user_id, feature_name, model_name, input_tokens, cached_input_tokens,
           cache_write_input_tokens, output_tokens, total_tokens, estimated_cost, request_duration_ms, success, created_at)
         VALUES ($1, 'u_1', 'writer', 'gpt-x', 10, 0, 0, 5, 15, $2, 100, true, '2026-03-01T12:00:00Z')`,
        [`old-${i}`, cost],
      );
    }
    await tx.query("INSERT INTO taxon_processed_events (id) VALUES ('evt_old')");
    // The app's own table in public, which Taxon must leave where it is.
    await tx.exec('CREATE TABLE app_users (id int PRIMARY KEY)');
  });
}

const objectsIn = async (db: Queryable, schema: string) => ({
  tables: (
    await db.query<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [schema])
  ).rows.map((r) => r.t),
  functions: (
    await db.query<{ f: string }>(
      'SELECT p.proname AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY 1',
      [schema],
    )
  ).rows.map((r) => r.f),
});

describe.each(backends)('upgrading a database from the public-schema layout ($name)', (backend) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await backend.open();
  });
  afterEach(() => db?.dispose());

  it('moves the tables into taxon with every row, keeps applied versions applied, and leaves public to the app', async () => {
    await createOldLayout(db.driver);
    const log = await openUsageLog({ driver: db.driver });
    const processed = await createSqlProcessedEvents(db.driver);

    expect(await objectsIn(db.driver, 'public')).toEqual({ tables: ['app_users'], functions: [] });
    expect(await objectsIn(db.driver, 'taxon')).toEqual({
      tables: ['ai_usage_logs', 'taxon_migrations', 'taxon_processed_events'],
      functions: ['ai_usage_logs_reject_change'],
    });
    const { rows } = await db.driver.query('SELECT request_id, estimated_cost FROM taxon.ai_usage_logs ORDER BY id');
    expect(rows).toEqual([
      { request_id: 'old-0', estimated_cost: '0.001' },
      { request_id: 'old-1', estimated_cost: '0.002500' },
      { request_id: 'old-2', estimated_cost: '0.000000000000000001' },
    ]);
    const recorded = await db.driver.query('SELECT scope, version FROM taxon.taxon_migrations ORDER BY scope, version');
    expect(recorded.rows).toEqual([
      { scope: 'processed-events', version: 1 },
      { scope: 'schema', version: 1 },
      { scope: 'usage-log', version: 1 },
    ]);

    // The moved table still works as before: idempotent inserts, its identity, the queries, insert-only.
    expect(await log.insert(usageRecord({ requestId: 'old-0' }))).toBe(false);
    expect(await log.insert(usageRecord({ requestId: 'new-1', createdAt: new Date('2026-03-01T13:00:00Z') }))).toBe(true);
    const day = await costPerDay(log.driver, { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') });
    expect(day.map((d) => d.calls)).toEqual([4]);
    await expect(db.driver.query('DELETE FROM ai_usage_logs')).rejects.toThrow(/insert-only/);
    expect(await processed.markProcessed('evt_old')).toBe(false);
    expect(await processed.markProcessed('evt_new')).toBe(true);
    await log.close();
  });

  it('creates a new database in taxon only, and a second open changes nothing', async () => {
    await openUsageLog({ driver: db.driver });
    await createSqlProcessedEvents(db.driver);
    await openUsageLog({ driver: db.driver });
    expect((await objectsIn(db.driver, 'public')).tables).toEqual([]);
    expect((await objectsIn(db.driver, 'taxon')).tables).toEqual(['ai_usage_logs', 'taxon_migrations', 'taxon_processed_events']);
  });

  it("leaves an app's public table that only shares a name with a Taxon table alone once taxon has its own", async () => {
    await openUsageLog({ driver: db.driver });
    await db.driver.transaction(async (tx) => {
      await tx.exec('SET LOCAL search_path TO public');
      await tx.exec('CREATE TABLE taxon_processed_events (note text)');
    });
    await migrate(db.driver, { scope: 'other', migrations: [] });
    expect((await objectsIn(db.driver, 'public')).tables).toEqual(['taxon_processed_events']);
  });
});

describe('the schema option', () => {
  it('puts the tables in the configured schema (PGlite)', async () => {
    const driver = await createPgliteDriver({ dataDir: 'memory://', schema: 'analytics_taxon' });
    try {
      await openUsageLog({ driver });
      expect((await objectsIn(driver, 'analytics_taxon')).tables).toEqual(['ai_usage_logs', 'taxon_migrations']);
      expect((await objectsIn(driver, 'public')).tables).toEqual([]);
    } finally {
      await driver.close();
    }
  });

  it('puts the tables in the configured schema on a server, on every pooled connection', async () => {
    const database = await createTestDatabase(postgresUrl());
    const log = await openUsageLog({ databaseUrl: database.url, schema: 'my_taxon', maxConnections: 3 });
    try {
      expect(log.driver).toMatchObject({ schema: 'my_taxon' });
      const inserted = await Promise.all(
        Array.from({ length: 9 }, (_, i) => log.insert(usageRecord({ requestId: `pooled-${i}` }))),
      );
      expect(inserted.every(Boolean)).toBe(true);
      expect((await objectsIn(log.driver, 'my_taxon')).tables).toEqual(['ai_usage_logs', 'taxon_migrations']);
      expect((await objectsIn(log.driver, 'public')).tables).toEqual([]);
      expect((await log.driver.query('SELECT count(*) AS n FROM my_taxon.ai_usage_logs')).rows).toEqual([{ n: 9 }]);
    } finally {
      await log.close();
      await database.drop();
    }
  });

  it('refuses public and names that are not plain identifiers, saying what to use', async () => {
    await expect(openDatabase({ dataDir: 'memory://', schema: 'public' })).rejects.toThrow(
      /Invalid schema "public": .*Use a schema of Taxon's own, e.g. schema: 'taxon'/,
    );
    await expect(openDatabase({ dataDir: 'memory://', schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(
      /Invalid schema .*expected a lowercase PostgreSQL identifier/,
    );
  });
});
