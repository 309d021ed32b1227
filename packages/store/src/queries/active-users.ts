import type { Queryable } from '../driver.js';
import { rangeWhere, type QueryOptions, type TimeRange } from '../lib/range.js';

/** Distinct users who made at least one AI call, for one UTC day. */
export interface ActiveUsersRow {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Users with a call that day. */
  dau: number;
  /** Users with a call in the 7 days ending that day. */
  wau: number;
  /** Users with a call in the 30 days ending that day. */
  mau: number;
}

/**
 * DAU, WAU and MAU of AI users for every UTC day the range touches, oldest first. The 7- and
 * 30-day windows trail each day, so they reach back before the range's start; the range's end
 * still cuts the last day. Uses the `created_at` index.
 */
export async function activeUsers(
  db: Queryable,
  range: TimeRange,
  options: QueryOptions = {},
): Promise<ActiveUsersRow[]> {
  const where = rangeWhere(range, options);
  // The trailing windows need 29 days of rows before the range: widen the lower bound ($1).
  const widened = where.sql.replace(
    'created_at >= $1::timestamptz',
    "created_at >= (date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') - interval '29 days') " +
      "AT TIME ZONE 'UTC'",
  );
  // Counting distinct users per trailing window directly joins every day with 30 days of rows.
  // Instead each (user, active day a) covers the days [a, min(a + W, next active day)) of a W-day
  // window; those spans are disjoint per user, so a running sum of +1/-1 events counts each user
  // once without DISTINCT.
  const { rows } = await db.query<ActiveUsersRow>(
    `WITH bounds AS (
       SELECT date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC')::date AS first_day,
         date_trunc('day', ($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC')::date AS last_day
     ), user_days AS (
       SELECT DISTINCT user_id, (created_at AT TIME ZONE 'UTC')::date AS day FROM ai_usage_logs WHERE ${widened}
     ), spans AS (
       SELECT day, lead(day) OVER (PARTITION BY user_id ORDER BY day) AS next FROM user_days
     ), events AS (
       SELECT day, 1 AS d1, 1 AS d7, 1 AS d30 FROM spans
       UNION ALL SELECT day + 1, -1, 0, 0 FROM spans
       UNION ALL SELECT least(day + 7, next), 0, -1, 0 FROM spans
       UNION ALL SELECT least(day + 30, next), 0, 0, -1 FROM spans
     ), per_day AS (
       SELECT day, sum(d1) AS d1, sum(d7) AS d7, sum(d30) AS d30 FROM events GROUP BY day
     ), calendar AS (
       SELECT d::date AS day FROM bounds, generate_series(first_day - 29, last_day, interval '1 day') AS d
     ), running AS (
       SELECT calendar.day,
         sum(coalesce(p.d1, 0)) OVER w AS dau, sum(coalesce(p.d7, 0)) OVER w AS wau,
         sum(coalesce(p.d30, 0)) OVER w AS mau
       FROM calendar LEFT JOIN per_day p ON p.day = calendar.day
       WINDOW w AS (ORDER BY calendar.day ROWS UNBOUNDED PRECEDING)
     )
     SELECT to_char(running.day, 'YYYY-MM-DD') AS day, dau::int AS dau, wau::int AS wau, mau::int AS mau
     FROM running, bounds WHERE running.day >= bounds.first_day
     ORDER BY running.day`,
    where.params,
  );
  return rows;
}
