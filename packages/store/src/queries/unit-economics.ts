import type { Queryable } from '../driver.js';
import { rangeWhere, type QueryOptions, type TimeRange } from '../lib/range.js';

/** AI cost per user over a range. Ratios are rounded to 12 decimal places; `null` when dividing by zero users. */
export interface UnitEconomics {
  /** Distinct users with at least one call. */
  activeUsers: number;
  /** Active users with at least one call on a plan other than `'free'` (and not null). */
  payingUsers: number;
  /** Exact sum of the known costs, as a decimal string; `unpricedCalls` are not in it. */
  totalCost: string;
  /** Exact cost of the paying users' own calls (known costs only). */
  payingUsersCost: string;
  /**
   * Calls in the range recorded with an unknown cost (`estimated_cost` null), missing from every
   * cost and ratio here: when not 0, the figures are a lower bound.
   */
  unpricedCalls: number;
  /** `totalCost / activeUsers`. */
  costPerActiveUser: string | null;
  /** `payingUsersCost / payingUsers`: what a paying user's own usage costs. */
  costPerPayingUser: string | null;
  /** `totalCost / payingUsers`: what each paying user must cover, free users included. */
  totalCostPerPayingUser: string | null;
}

/**
 * Cost per active user and per paying user over the range, computed in SQL NUMERIC from the known
 * costs; calls of unknown cost are counted in `unpricedCalls`.
 */
export async function unitEconomics(
  db: Queryable,
  range: TimeRange,
  options: QueryOptions = {},
): Promise<UnitEconomics> {
  const where = rangeWhere(range, options);
  const { rows } = await db.query<UnitEconomics>(
    `WITH per_user AS (
       SELECT user_id, coalesce(sum(estimated_cost), 0) AS cost,
         count(*) FILTER (WHERE estimated_cost IS NULL) AS unpriced_calls,
         bool_or(plan_type IS NOT NULL AND plan_type <> 'free') AS paying
       FROM ai_usage_logs WHERE ${where.sql} GROUP BY user_id
     ), totals AS (
       SELECT count(*) AS active_users, count(*) FILTER (WHERE paying) AS paying_users,
         coalesce(sum(cost), 0) AS total_cost, coalesce(sum(cost) FILTER (WHERE paying), 0) AS paying_cost,
         coalesce(sum(unpriced_calls), 0)::bigint AS unpriced_calls
       FROM per_user
     )
     SELECT active_users AS "activeUsers", paying_users AS "payingUsers",
       trim_scale(total_cost) AS "totalCost", trim_scale(paying_cost) AS "payingUsersCost",
       unpriced_calls AS "unpricedCalls",
       trim_scale(round(total_cost / nullif(active_users, 0), 12)) AS "costPerActiveUser",
       trim_scale(round(paying_cost / nullif(paying_users, 0), 12)) AS "costPerPayingUser",
       trim_scale(round(total_cost / nullif(paying_users, 0), 12)) AS "totalCostPerPayingUser"
     FROM totals`,
    where.params,
  );
  return rows[0]!;
}
