/**
 * A time range of the usage-log queries: the last 24 hours, 7 days or 30 days before `now`, or
 * explicit bounds. Ranges are half-open: `from` inclusive, `to` exclusive.
 */
export type TimeRange = '24h' | '7d' | '30d' | { from: Date; to: Date };

/** Narrows a query to one user, feature, model or plan; each uses its `(column, created_at)` index. */
export interface UsageFilter {
  userId?: string;
  featureName?: string;
  modelName?: string;
  /** A plan name, e.g. `'pro'`. */
  planType?: string;
}

/** Options every query function takes. */
export interface QueryOptions {
  /**
   * The end of a relative range (`'24h'`, `'7d'`, `'30d'`).
   * @default new Date()
   */
  now?: Date;
  /** Only rows matching every given field. */
  where?: UsageFilter;
}

const HOURS: Record<'24h' | '7d' | '30d', number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };

const FILTER_COLUMNS = {
  userId: 'user_id',
  featureName: 'feature_name',
  modelName: 'model_name',
  planType: 'plan_type',
} as const satisfies Record<keyof UsageFilter, string>;

/** The range's bounds as ISO strings (parameters `$1` and `$2` of every query). */
export function resolveRange(range: TimeRange, now: Date = new Date()): [from: string, to: string] {
  if (typeof range === 'string') {
    const hours = HOURS[range];
    if (hours === undefined) {
      throw new Error(`Invalid time range ${JSON.stringify(range)}: expected '24h', '7d', '30d' or { from, to }.`);
    }
    return [new Date(now.getTime() - hours * 3_600_000).toISOString(), now.toISOString()];
  }
  const { from, to } = range;
  const valid = (d: unknown) => d instanceof Date && !Number.isNaN(d.getTime());
  if (!valid(from) || !valid(to)) {
    throw new Error('Invalid time range: expected { from: Date, to: Date } with valid dates.');
  }
  if (from.getTime() > to.getTime()) {
    throw new Error(`Invalid time range: from (${from.toISOString()}) is after to (${to.toISOString()}).`);
  }
  return [from.toISOString(), to.toISOString()];
}

/**
 * The `WHERE` conditions of a range and filter over `ai_usage_logs` (aliased `alias`), with
 * parameters numbered from `$1`; `extra` parameters come first after the range bounds.
 */
export function rangeWhere(
  range: TimeRange,
  options: QueryOptions = {},
  extra: readonly unknown[] = [],
  alias = '',
): { sql: string; params: unknown[] } {
  const params: unknown[] = [...resolveRange(range, options.now), ...extra];
  const col = (name: string) => (alias === '' ? name : `${alias}.${name}`);
  const conditions = [`${col('created_at')} >= $1::timestamptz`, `${col('created_at')} < $2::timestamptz`];
  for (const key of Object.keys(FILTER_COLUMNS) as (keyof UsageFilter)[]) {
    const value = options.where?.[key];
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`${col(FILTER_COLUMNS[key])} = $${params.length}`);
  }
  return { sql: conditions.join(' AND '), params };
}
