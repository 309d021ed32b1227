import type { UsageRecord, UsageSink } from '@taxon/core';
import type { Queryable, SqlDriver } from './driver.js';
import { loadMigrations, packageMigrationsDir } from './load-migrations.js';
import { assertValidRecord, INSERT_COLUMNS, recordValues } from './lib/record-row.js';
import { migrate } from './migrate.js';
import { openDatabase, type DatabaseOptions } from './open-database.js';

/** Options of {@link openUsageLog}. */
export interface UsageLogOptions extends DatabaseOptions {
  /**
   * An already open driver (shared with other components). It is not closed by `close()`.
   * When given, `databaseUrl` and `dataDir` are ignored.
   */
  driver?: SqlDriver;
  /**
   * Apply pending migrations on open.
   * @default true
   */
  migrate?: boolean;
  /**
   * Folder of the versioned SQL migrations.
   * @default the `migrations/` folder shipped in @taxon/store
   */
  migrationsDir?: string;
}

/**
 * The AI usage log (`ai_usage_logs`): insert-only and idempotent on `requestId`. It implements
 * {@link UsageSink}, so `instrumentGeneration` writes to it directly. There is no update or
 * delete here, and the table's triggers refuse them from any client.
 */
export interface UsageLog extends UsageSink {
  /**
   * Inserts one record. Resolves `true` when stored, `false` when a record with the same
   * `requestId` already exists (a retry): the first write wins. Rejects an invalid record with an
   * error naming every bad field.
   */
  insert(record: UsageRecord): Promise<boolean>;
  /** Inserts many records in few statements; resolves the number actually inserted (duplicates skipped). */
  insertMany(records: readonly UsageRecord[]): Promise<number>;
  /** The connection the query functions (`costPerDay(log.driver, '7d')`, ...) read through. */
  readonly driver: Queryable;
  /** Closes the database when the log opened it. */
  close(): Promise<void>;
}

/** The scope of the usage log's migrations in `taxon_migrations`. */
export const USAGE_LOG_MIGRATION_SCOPE = 'usage-log';

const BATCH = 5_000;
const COLUMN_LIST = INSERT_COLUMNS.map(([name]) => name).join(', ');
const INSERT_ONE =
  `INSERT INTO ai_usage_logs (${COLUMN_LIST}) VALUES (${INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ` +
  'ON CONFLICT (request_id) DO NOTHING';
// One statement per batch whatever its size: each column travels as one typed array.
const INSERT_MANY =
  `INSERT INTO ai_usage_logs (${COLUMN_LIST}) ` +
  `SELECT * FROM unnest(${INSERT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) ` +
  'ON CONFLICT (request_id) DO NOTHING';

/**
 * Opens the usage log: embedded PGlite by default (`dataDir`), a PostgreSQL server when
 * `databaseUrl` or `DATABASE_URL` is set, and applies pending migrations.
 *
 * @example
 * const log = await openUsageLog({ dataDir: '.taxon/pglite' });
 * await log.insert(record); // true; a retry of the same requestId resolves false
 * const days = await costPerDay(log.driver, '30d');
 */
export async function openUsageLog(options: UsageLogOptions = {}): Promise<UsageLog> {
  const owned = options.driver === undefined;
  const driver = options.driver ?? (await openDatabase(options));
  try {
    if (options.migrate !== false) {
      const dir = options.migrationsDir ?? (await packageMigrationsDir());
      await migrate(driver, { scope: USAGE_LOG_MIGRATION_SCOPE, migrations: await loadMigrations(dir) });
    }
  } catch (error) {
    if (owned) await driver.close().catch(() => {});
    throw error;
  }
  return {
    driver,
    async insert(record) {
      assertValidRecord(record);
      const { rowCount } = await driver.query(INSERT_ONE, recordValues(record));
      return rowCount === 1;
    },
    async insertMany(records) {
      for (const record of records) assertValidRecord(record);
      let inserted = 0;
      for (let start = 0; start < records.length; start += BATCH) {
        const rows = records.slice(start, start + BATCH).map(recordValues);
        const columns = INSERT_COLUMNS.map((_, i) => rows.map((row) => row[i]));
        inserted += (await driver.query(INSERT_MANY, columns)).rowCount;
      }
      return inserted;
    },
    close: () => (owned ? driver.close() : Promise.resolve()),
  };
}
