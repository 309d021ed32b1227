import type { SqlDriver } from './driver.js';
import { migrate } from './migrate.js';
import type { ProcessedEvents } from '@taxon/core';

/** The migrations of {@link createSqlProcessedEvents}, kept under their own scope in `taxon_migrations`. */
const MIGRATIONS = [
  {
    version: 1,
    name: 'create_taxon_processed_events',
    sql: `CREATE TABLE taxon_processed_events (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 300),
  processed_at timestamptz NOT NULL DEFAULT now()
);`,
  },
];

/** The scope of the processed-events migrations in `taxon_migrations`. */
export const PROCESSED_EVENTS_MIGRATION_SCOPE = 'processed-events';

/**
 * A {@link ProcessedEvents} in PostgreSQL or PGlite (`taxon_processed_events`), on the same driver
 * as the usage log (`openDatabase()`, or `usageLog.driver` when it is a
 * driver). Creates its table on first use. The primary key makes concurrent deliveries safe across
 * processes: exactly one insert wins.
 */
export async function createSqlProcessedEvents(driver: SqlDriver): Promise<ProcessedEvents> {
  await migrate(driver, { scope: PROCESSED_EVENTS_MIGRATION_SCOPE, migrations: MIGRATIONS });
  return {
    async markProcessed(id) {
      const { rowCount } = await driver.query(
        'INSERT INTO taxon_processed_events (id) VALUES ($1) ON CONFLICT (id) DO NOTHING',
        [id],
      );
      return rowCount === 1;
    },
    async forget(id) {
      await driver.query('DELETE FROM taxon_processed_events WHERE id = $1', [id]);
    },
  };
}
