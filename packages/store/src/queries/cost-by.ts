import type { Queryable } from '../driver.js';
import { rangeWhere, type QueryOptions, type TimeRange } from '../lib/range.js';

/** What {@link costBy} groups by. */
export type CostDimension = 'user' | 'feature' | 'model' | 'plan';

/** Cost of one user, feature, model or plan. */
export interface CostRow {
  /** The user id, feature, model or plan; `null` for calls recorded without a plan. */
  key: string | null;
  calls: number;
  /** Exact sum of the known `estimated_cost`s, as a decimal string; `unpricedCalls` are not in it. */
  cost: string;
  /** Calls recorded with an unknown cost (`estimated_cost` null: no price at the call's date). */
  unpricedCalls: number;
  totalTokens: number;
}

/** Column of each dimension; never user input, so it is safe to interpolate. */
export const DIMENSION_COLUMNS = {
  user: 'user_id',
  feature: 'feature_name',
  model: 'model_name',
  plan: 'plan_type',
} as const satisfies Record<CostDimension, string>;

/** The column for a dimension, or a clear error for anything else. */
export function dimensionColumn<D extends string>(dimension: D, allowed: readonly D[]): string {
  if (!allowed.includes(dimension)) {
    throw new Error(`Invalid dimension ${JSON.stringify(dimension)}: expected one of ${allowed.join(', ')}.`);
  }
  return DIMENSION_COLUMNS[dimension as CostDimension];
}

/**
 * Cost and tokens per user, feature, model or plan over the range, most expensive first (ties by
 * key). Calls of unknown cost count in `unpricedCalls`, not in `cost`. Uses the `created_at` index
 * for the range, or `(column, created_at)` with a filter.
 */
export async function costBy(
  db: Queryable,
  dimension: CostDimension,
  range: TimeRange,
  options: QueryOptions = {},
): Promise<CostRow[]> {
  const column = dimensionColumn(dimension, ['user', 'feature', 'model', 'plan']);
  const where = rangeWhere(range, options);
  const { rows } = await db.query<CostRow>(
    `SELECT ${column} AS key, count(*) AS calls, trim_scale(coalesce(sum(estimated_cost), 0)) AS cost,
       count(*) FILTER (WHERE estimated_cost IS NULL) AS "unpricedCalls", sum(total_tokens) AS "totalTokens"
     FROM ai_usage_logs WHERE ${where.sql}
     GROUP BY ${column} ORDER BY coalesce(sum(estimated_cost), 0) DESC, ${column} NULLS LAST`,
    where.params,
  );
  return rows;
}
