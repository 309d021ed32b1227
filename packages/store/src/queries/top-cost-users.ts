import type { Queryable } from '../driver.js';
import { rangeWhere, type QueryOptions, type TimeRange } from '../lib/range.js';

/** One of the most expensive users. */
export interface TopUserRow {
  userId: string;
  calls: number;
  /** Exact cost of the user's calls of known cost, as a decimal string. */
  cost: string;
  /** The user's calls recorded with an unknown cost (`estimated_cost` null); not in `cost`. */
  unpricedCalls: number;
  /** The user's part of the range's total cost, 0 to 1, rounded to 6 decimal places. */
  share: string;
}

/** How concentrated cost is in the most expensive users. */
export interface CostConcentration {
  /** Distinct users in the range. */
  users: number;
  /** `ceil(users × percent / 100)`: the size of the top group (at least 1 when there are users). */
  topUsers: number;
  /** Exact cost of the top group. */
  topCost: string;
  /** Exact sum of the known costs; `unpricedCalls` are not in it. */
  totalCost: string;
  /** Calls in the range recorded with an unknown cost (`estimated_cost` null). */
  unpricedCalls: number;
  /** `topCost / totalCost`, 0 to 1, rounded to 6 decimal places; `null` when nothing was spent. */
  share: string | null;
}

/** Options of {@link topCostUsers}. */
export interface TopUsersOptions extends QueryOptions {
  /** @default 10 */
  limit?: number;
}

/**
 * The users who cost the most over the range, most expensive first (ties by user id). Costs and
 * shares cover known costs only; each row counts its calls of unknown cost in `unpricedCalls`.
 */
export async function topCostUsers(
  db: Queryable,
  range: TimeRange,
  options: TopUsersOptions = {},
): Promise<TopUserRow[]> {
  const limit = options.limit ?? 10;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new Error(`topCostUsers: limit must be a positive integer, got ${limit}.`);
  }
  const where = rangeWhere(range, options, [limit]);
  const { rows } = await db.query<TopUserRow>(
    `SELECT user_id AS "userId", count(*) AS calls, trim_scale(coalesce(sum(estimated_cost), 0)) AS cost,
       count(*) FILTER (WHERE estimated_cost IS NULL) AS "unpricedCalls",
       trim_scale(round(coalesce(sum(estimated_cost), 0)
         / nullif(sum(coalesce(sum(estimated_cost), 0)) OVER (), 0), 6)) AS share
     FROM ai_usage_logs WHERE ${where.sql}
     GROUP BY user_id ORDER BY coalesce(sum(estimated_cost), 0) DESC, user_id LIMIT $3`,
    where.params,
  );
  return rows.map((r) => ({ ...r, share: r.share ?? '0' }));
}

/** Options of {@link costConcentration}. */
export interface ConcentrationOptions extends QueryOptions {
  /**
   * Size of the top group, in percent of users.
   * @default 1
   */
  percent?: number;
}

/**
 * The share of the range's cost held by the top `percent`% of users (the top 1% by default), over
 * known costs; calls of unknown cost are counted in `unpricedCalls`.
 */
export async function costConcentration(
  db: Queryable,
  range: TimeRange,
  options: ConcentrationOptions = {},
): Promise<CostConcentration> {
  const percent = options.percent ?? 1;
  if (!(percent > 0 && percent <= 100)) {
    throw new Error(`costConcentration: percent must be in (0, 100], got ${percent}.`);
  }
  const where = rangeWhere(range, options, [String(percent)]);
  const { rows } = await db.query<CostConcentration>(
    `WITH per_user AS (
       SELECT user_id, coalesce(sum(estimated_cost), 0) AS cost,
         count(*) FILTER (WHERE estimated_cost IS NULL) AS unpriced_calls
       FROM ai_usage_logs WHERE ${where.sql} GROUP BY user_id
     ), ranked AS (
       SELECT cost, unpriced_calls, row_number() OVER (ORDER BY cost DESC, user_id) AS rank,
         count(*) OVER () AS users
       FROM per_user
     ), top AS (
       SELECT coalesce(max(users), 0) AS users,
         ceil(coalesce(max(users), 0) * $3::numeric / 100)::bigint AS top_users,
         coalesce(sum(cost), 0) AS total_cost, coalesce(sum(unpriced_calls), 0)::bigint AS unpriced_calls
       FROM ranked
     )
     SELECT top.users, top.top_users AS "topUsers",
       trim_scale(coalesce((SELECT sum(cost) FROM ranked WHERE rank <= top.top_users), 0)) AS "topCost",
       trim_scale(top.total_cost) AS "totalCost", top.unpriced_calls AS "unpricedCalls",
       trim_scale(round(coalesce((SELECT sum(cost) FROM ranked WHERE rank <= top.top_users), 0)
         / nullif(top.total_cost, 0), 6)) AS share
     FROM top`,
    where.params,
  );
  return rows[0]!;
}
