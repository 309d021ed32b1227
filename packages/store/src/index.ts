// @taxon/store: Taxon's storage on embedded PGlite or a PostgreSQL server, in its own schema
// (`taxon` by default): the drivers, the migration runner, the AI usage log (`ai_usage_logs`) with
// its unit-economics queries, the processed-events store of the payment webhooks, and the credit
// ledger (grant, reserve, commit, release: exact, insert-only, concurrency-safe).
export { openUsageLog, USAGE_LOG_MIGRATION_SCOPE } from './usage-log.js';
export type { UsageLog, UsageLogOptions } from './usage-log.js';
export type { UsageRecord, UsageSink } from '@taxon/core';

export type { Queryable, QueryResult, SqlDriver } from './driver.js';
export { openDatabase, DEFAULT_DATA_DIR, DATABASE_URL_VARIABLES } from './open-database.js';
export type { DatabaseOptions } from './open-database.js';
export { createPgliteDriver } from './pglite-driver.js';
export type { PgliteDriverOptions } from './pglite-driver.js';
export { createPostgresDriver } from './postgres-driver.js';
export type { PostgresDriverOptions } from './postgres-driver.js';
export { migrate } from './migrate.js';
export type { Migration, MigrateOptions, MigrateResult } from './migrate.js';
export { loadMigrations, packageMigrationsDir } from './load-migrations.js';
export { recordProblems } from './lib/record-row.js';

export { resolveRange } from './lib/range.js';
export type { TimeRange, UsageFilter, QueryOptions } from './lib/range.js';
export { costPerDay } from './queries/cost-per-day.js';
export type { DailyUsage } from './queries/cost-per-day.js';
export { costBy } from './queries/cost-by.js';
export type { CostDimension, CostRow } from './queries/cost-by.js';
export { failureRate, failureRateBy } from './queries/failure-rate.js';
export type { FailureRate, FailureRateRow } from './queries/failure-rate.js';
export { latencyPercentiles } from './queries/latency-percentiles.js';
export type { LatencyOptions, LatencyRow } from './queries/latency-percentiles.js';
export { activeUsers } from './queries/active-users.js';
export type { ActiveUsersRow } from './queries/active-users.js';
export { unitEconomics } from './queries/unit-economics.js';
export type { UnitEconomics } from './queries/unit-economics.js';
export { topCostUsers, costConcentration } from './queries/top-cost-users.js';
export type {
  ConcentrationOptions,
  CostConcentration,
  TopUserRow,
  TopUsersOptions,
} from './queries/top-cost-users.js';
export { repriceCost } from './queries/reprice-cost.js';
export type { RepricedCost, RepricingTable } from './queries/reprice-cost.js';

export { createSqlProcessedEvents, PROCESSED_EVENTS_MIGRATION_SCOPE } from './sql-processed-events.js';
export type { ProcessedEvents } from '@taxon/core';
export { DEFAULT_SCHEMA } from './schema-name.js';
export { SCHEMA_MIGRATION_SCOPE } from './schema-migrations.js';

export {
  openCreditLedger,
  DEFAULT_HOLD_TTL_MS,
  CreditLedgerError,
  CREDIT_LEDGER_MIGRATION_SCOPE,
} from './credits/index.js';
export type {
  CreditBalance,
  CreditCommit,
  CreditGrant,
  CreditLedger,
  CreditLedgerErrorCode,
  CreditLedgerOptions,
  CreditRelease,
  CreditReservation,
  GrantInput,
  ReserveInput,
} from './credits/index.js';

export { openUsageLimits } from './limits/open-usage-limits.js';
export type { UsageLimitsOptions, UsageLimitsStore } from './limits/open-usage-limits.js';
export { USAGE_LIMITS_MIGRATION_SCOPE } from './limits/limit-notices.js';
