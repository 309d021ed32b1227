import type { Queryable } from '../driver.js';
import { rangeWhere, type QueryOptions, type TimeRange } from '../lib/range.js';
import { dimensionColumn } from './cost-by.js';

/** Request duration percentiles of one model or feature, in milliseconds. */
export interface LatencyRow {
  key: string;
  calls: number;
  /** Median, interpolated between neighbouring values (`percentile_cont`). */
  p50: number;
  p95: number;
  p99: number;
}

/** Options of {@link latencyPercentiles}. */
export interface LatencyOptions extends QueryOptions {
  /**
   * Count successful calls only. Failed calls (timeouts above all) are what users wait through,
   * so they are included by default.
   * @default false
   */
  successOnly?: boolean;
}

/**
 * p50/p95/p99 of `request_duration_ms` per model or feature over the range (`percentile_cont`,
 * continuous: interpolated, as most dashboards do), slowest p95 first.
 */
export async function latencyPercentiles(
  db: Queryable,
  dimension: 'model' | 'feature',
  range: TimeRange,
  options: LatencyOptions = {},
): Promise<LatencyRow[]> {
  const column = dimensionColumn(dimension, ['model', 'feature']);
  const where = rangeWhere(range, options);
  const { rows } = await db.query<LatencyRow>(
    `SELECT ${column} AS key, count(*) AS calls,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY request_duration_ms) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY request_duration_ms) AS p95,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY request_duration_ms) AS p99
     FROM ai_usage_logs WHERE ${where.sql}${options.successOnly === true ? ' AND success' : ''}
     GROUP BY ${column} ORDER BY p95 DESC, ${column}`,
    where.params,
  );
  return rows;
}
