import type { Queryable } from '../driver.js';
import { rangeWhere, type QueryOptions, type TimeRange } from '../lib/range.js';
import { dimensionColumn } from './cost-by.js';

/** Calls, failures and their ratio. */
export interface FailureRate {
  calls: number;
  failures: number;
  /** `failures / calls` (0 to 1), or `null` when there were no calls. */
  failureRate: number | null;
}

/** Failure rate of one model or feature. */
export interface FailureRateRow extends FailureRate {
  key: string;
}

const SELECT = `count(*) AS calls, count(*) FILTER (WHERE NOT success) AS failures,
  (count(*) FILTER (WHERE NOT success))::float8 / nullif(count(*), 0) AS "failureRate"`;

/** Overall failure rate over the range. Uses the `created_at` index. */
export async function failureRate(
  db: Queryable,
  range: TimeRange,
  options: QueryOptions = {},
): Promise<FailureRate> {
  const where = rangeWhere(range, options);
  const sql = `SELECT ${SELECT} FROM ai_usage_logs WHERE ${where.sql}`;
  const { rows } = await db.query<FailureRate>(sql, where.params);
  return rows[0]!;
}

/** Failure rate per model or feature over the range, highest rate first (ties by key). */
export async function failureRateBy(
  db: Queryable,
  dimension: 'model' | 'feature',
  range: TimeRange,
  options: QueryOptions = {},
): Promise<FailureRateRow[]> {
  const column = dimensionColumn(dimension, ['model', 'feature']);
  const where = rangeWhere(range, options);
  const { rows } = await db.query<FailureRateRow>(
    `SELECT ${column} AS key, ${SELECT} FROM ai_usage_logs WHERE ${where.sql}
     GROUP BY ${column} ORDER BY "failureRate" DESC, ${column}`,
    where.params,
  );
  return rows;
}
