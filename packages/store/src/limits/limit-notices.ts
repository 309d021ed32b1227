import type { UsageLimitNotice } from '@taxon/core';
import type { SqlDriver } from '../driver.js';
import { migrate } from '../migrate.js';

/** The scope of the notices table's migrations in `taxon_migrations`. */
export const USAGE_LIMITS_MIGRATION_SCOPE = 'usage-limits';

const MIGRATIONS = [
  {
    version: 1,
    name: 'create_taxon_usage_limit_notices',
    // The primary key is the whole "once per account and period" rule: the account id names the
    // period, and of any number of concurrent inserts of one (account, kind) exactly one inserts.
    sql: `CREATE TABLE taxon_usage_limit_notices (
  account_id text NOT NULL CHECK (length(account_id) BETWEEN 1 AND 600),
  kind text NOT NULL CHECK (kind IN ('approaching', 'reached')),
  plan text NOT NULL,
  scope text NOT NULL,
  unit text NOT NULL,
  period text NOT NULL,
  period_key text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, kind)
);`,
  },
];

/** Creates the notices table when missing. */
export async function migrateLimitNotices(driver: SqlDriver): Promise<void> {
  await migrate(driver, { scope: USAGE_LIMITS_MIGRATION_SCOPE, migrations: MIGRATIONS });
}

/**
 * Claims the right to send `notice` for `accountId`: resolves `true` for exactly one caller per
 * account and kind, however many processes ask at once (an insert, not a flag in memory).
 */
export async function claimNotice(driver: SqlDriver, accountId: string, notice: UsageLimitNotice): Promise<boolean> {
  const { rowCount } = await driver.query(
    `INSERT INTO taxon_usage_limit_notices (account_id, kind, plan, scope, unit, period, period_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id, kind) DO NOTHING`,
    [accountId, notice.kind, notice.plan, notice.scope, notice.unit, notice.period, notice.periodKey],
  );
  return rowCount === 1;
}
