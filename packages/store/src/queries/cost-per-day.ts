import type { Queryable } from '../driver.js';
import { rangeWhere, type QueryOptions, type TimeRange } from '../lib/range.js';

/** Usage of one UTC day. */
export interface DailyUsage {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  calls: number;
  /** Exact sum of the known `estimated_cost`s, as a decimal string; `unpricedCalls` are not in it. */
  cost: string;
  /** Calls recorded with an unknown cost (`estimated_cost` null: no price at the call's date). */
  unpricedCalls: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/**
 * Cost and tokens per UTC day over the range, one row for every day the range touches (days
 * without calls have zeros), oldest first. Calls of unknown cost count in `unpricedCalls`, not in
 * `cost`. Uses the `created_at` index.
 */
export async function costPerDay(
  db: Queryable,
  range: TimeRange,
  options: QueryOptions = {},
): Promise<DailyUsage[]> {
  const where = rangeWhere(range, options);
  const { rows } = await db.query<DailyUsage>(
    `WITH days AS (
       SELECT d::date AS day FROM generate_series(
         date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC'),
         date_trunc('day', ($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC'),
         interval '1 day') AS d
     ), usage AS (
       SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS calls,
         sum(estimated_cost) AS cost, count(*) FILTER (WHERE estimated_cost IS NULL) AS unpriced_calls,
         sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
         sum(cache_write_input_tokens) AS cache_write_input_tokens, sum(output_tokens) AS output_tokens,
         sum(total_tokens) AS total_tokens
       FROM ai_usage_logs WHERE ${where.sql} GROUP BY 1
     )
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(u.calls, 0) AS calls,
       trim_scale(coalesce(u.cost, 0)) AS cost, coalesce(u.unpriced_calls, 0) AS "unpricedCalls",
       coalesce(u.input_tokens, 0) AS "inputTokens", coalesce(u.cached_input_tokens, 0) AS "cachedInputTokens",
       coalesce(u.cache_write_input_tokens, 0) AS "cacheWriteInputTokens",
       coalesce(u.output_tokens, 0) AS "outputTokens", coalesce(u.total_tokens, 0) AS "totalTokens"
     FROM days LEFT JOIN usage u ON u.day = days.day
     ORDER BY days.day`,
    where.params,
  );
  return rows;
}
