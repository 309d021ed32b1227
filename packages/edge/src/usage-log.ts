// @taxon/edge/usage-log: the AI usage log (`ai_usage_logs`) on embedded PGlite or a PostgreSQL
// server, its migration runner and the unit-economics queries.
export { openUsageLog, USAGE_LOG_MIGRATION_SCOPE } from './usage-log/usage-log.js';
export type { UsageLog, UsageLogOptions } from './usage-log/usage-log.js';
export type { UsageRecord, UsageSink } from './usage-record.js';

export type { Queryable, QueryResult, SqlDriver } from './usage-log/driver.js';
export { openDatabase, DEFAULT_DATA_DIR } from './usage-log/open-database.js';
export type { DatabaseOptions } from './usage-log/open-database.js';
export { createPgliteDriver } from './usage-log/pglite-driver.js';
export type { PgliteDriverOptions } from './usage-log/pglite-driver.js';
export { createPostgresDriver } from './usage-log/postgres-driver.js';
export type { PostgresDriverOptions } from './usage-log/postgres-driver.js';
export { migrate } from './usage-log/migrate.js';
export type { Migration, MigrateOptions, MigrateResult } from './usage-log/migrate.js';
export { loadMigrations, packageMigrationsDir } from './usage-log/load-migrations.js';
export { recordProblems } from './usage-log/lib/record-row.js';

export { resolveRange } from './usage-log/lib/range.js';
export type { TimeRange, UsageFilter, QueryOptions } from './usage-log/lib/range.js';
export { costPerDay } from './usage-log/queries/cost-per-day.js';
export type { DailyUsage } from './usage-log/queries/cost-per-day.js';
export { costBy } from './usage-log/queries/cost-by.js';
export type { CostDimension, CostRow } from './usage-log/queries/cost-by.js';
export { failureRate, failureRateBy } from './usage-log/queries/failure-rate.js';
export type { FailureRate, FailureRateRow } from './usage-log/queries/failure-rate.js';
export { latencyPercentiles } from './usage-log/queries/latency-percentiles.js';
export type { LatencyOptions, LatencyRow } from './usage-log/queries/latency-percentiles.js';
export { activeUsers } from './usage-log/queries/active-users.js';
export type { ActiveUsersRow } from './usage-log/queries/active-users.js';
export { unitEconomics } from './usage-log/queries/unit-economics.js';
export type { UnitEconomics } from './usage-log/queries/unit-economics.js';
export { topCostUsers, costConcentration } from './usage-log/queries/top-cost-users.js';
export type {
  ConcentrationOptions,
  CostConcentration,
  TopUserRow,
  TopUsersOptions,
} from './usage-log/queries/top-cost-users.js';
export { repriceCost } from './usage-log/queries/reprice-cost.js';
export type { RepricedCost, RepricingTable } from './usage-log/queries/reprice-cost.js';
