import type { Queryable } from '../driver.js';
import { rangeWhere, type QueryOptions, type TimeRange } from '../lib/range.js';

/**
 * A price table in the shape `taxon gen` writes to `generated/taxon/index.ts` (`priceTable`):
 * prices per `perTokens` tokens as decimal strings, each model's history ascending by date.
 */
export interface RepricingTable {
  /** Tokens the prices are quoted for, e.g. 1000. */
  perTokens: number;
  models: Readonly<
    Record<
      string,
      {
        history: readonly {
          /** First UTC day (inclusive) the price applies, `YYYY-MM-DD`. */
          effective: string;
          /** Price of uncached input tokens (neither read from nor written to the prompt cache). */
          input: string;
          /** Price of input tokens read from the prompt cache. */
          cachedInput: string;
          /** Price of output tokens. */
          output: string;
          /** Price of input tokens written to the prompt cache; the `input` price where absent. */
          cacheWrite?: string;
        }[];
      }
    >
  >;
}

/** Recorded cost against the cost under another price table, for one model or for all. */
export interface RepricedCost {
  /** The model, or `null` on the total row. */
  modelName: string | null;
  calls: number;
  /**
   * Calls recorded with an unknown cost (`estimated_cost` null), as in the other cost queries: not
   * in `recordedCost`. The new table prices them when it knows their model at their date.
   */
  unpricedCalls: number;
  /**
   * Calls the new table has no price for (an unknown model, or before its first effective date);
   * they keep their recorded cost in `repricedCost`.
   */
  notRepricedCalls: number;
  /** Calls of unknown cost under the new table too (no price there, none recorded): not in `repricedCost`. */
  repricedUnpricedCalls: number;
  /** Exact sum of the known recorded `estimated_cost`s. */
  recordedCost: string;
  /** Exact sum of the cost under the new table (the recorded cost where the table has no price). */
  repricedCost: string;
  /**
   * `repricedCost - recordedCost`: what the new table does to the range. Calls recorded with an
   * unknown cost and priced by the new table add their whole new cost to it.
   */
  delta: string;
}

const DECIMAL = /^\d{1,20}(\.\d{1,20})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const EMPTY_TOTAL: RepricedCost = {
  modelName: null,
  calls: 0,
  unpricedCalls: 0,
  notRepricedCalls: 0,
  repricedUnpricedCalls: 0,
  recordedCost: '0',
  repricedCost: '0',
  delta: '0',
};

function priceColumns(table: RepricingTable): unknown[][] {
  if (!Number.isSafeInteger(table.perTokens) || table.perTokens < 1) {
    throw new Error(`Price table: perTokens must be a positive integer, got ${String(table.perTokens)}.`);
  }
  const columns: unknown[][] = [[], [], [], [], [], []];
  for (const [model, { history }] of Object.entries(table.models)) {
    for (const [i, point] of history.entries()) {
      const at = `models.${model}.history[${i}]`;
      if (!DAY.test(point.effective)) {
        throw new Error(`Price table ${at}.effective: expected YYYY-MM-DD, got ${point.effective}.`);
      }
      for (const key of ['input', 'cachedInput', 'output', 'cacheWrite'] as const) {
        const value = point[key];
        if (key === 'cacheWrite' && value === undefined) continue;
        if (typeof value !== 'string' || !DECIMAL.test(value)) {
          const expected = "expected a decimal string such as '0.0025'";
          throw new Error(`Price table ${at}.${key}: ${expected}, got ${value}.`);
        }
      }
      // Cache writes without their own price cost the input price, the rule computeCost applies.
      const cacheWrite = point.cacheWrite ?? point.input;
      const values = [model, point.effective, point.input, point.cachedInput, cacheWrite, point.output];
      values.forEach((v, c) => columns[c]!.push(v));
    }
  }
  return columns;
}

/**
 * What the range would have cost under `table`: each row is priced by the price in effect at its
 * `created_at` (the latest `effective` day on or before it, UTC): uncached input
 * (`input - cached - cache_write`), cached input, cache writes (`cacheWrite`, or the input price
 * where the table has none) and output tokens each at their own price, divided by `perTokens`, all
 * in SQL NUMERIC so the result is exact. This is `computeCost`'s rule, so the table in effect when
 * the calls were made reproduces their recorded cost. Rows recorded with an unknown cost are
 * priced when the table knows their model. Returns one row per model (most expensive first) and
 * the total.
 */
export async function repriceCost(
  db: Queryable,
  table: RepricingTable,
  range: TimeRange,
  options: QueryOptions = {},
): Promise<{ byModel: RepricedCost[]; total: RepricedCost }> {
  const where = rangeWhere(range, options, [...priceColumns(table), table.perTokens], 'l');
  const { rows } = await db.query<RepricedCost & { isTotal: number }>(
    `WITH prices AS (
       SELECT * FROM unnest($3::text[], $4::date[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[])
         AS p(model_name, effective, input, cached_input, cache_write, output)
     ), periods AS (
       SELECT model_name, input, cached_input, cache_write, output,
         effective::timestamp AT TIME ZONE 'UTC' AS valid_from,
         lead(effective::timestamp AT TIME ZONE 'UTC')
           OVER (PARTITION BY model_name ORDER BY effective) AS valid_to
       FROM prices
     ), priced AS (
       SELECT l.model_name, l.estimated_cost,
         ((l.input_tokens - l.cached_input_tokens - l.cache_write_input_tokens) * p.input
           + l.cached_input_tokens * p.cached_input + l.cache_write_input_tokens * p.cache_write
           + l.output_tokens * p.output) / $9::numeric AS new_cost
       FROM ai_usage_logs l LEFT JOIN periods p ON p.model_name = l.model_name
         AND l.created_at >= p.valid_from AND (p.valid_to IS NULL OR l.created_at < p.valid_to)
       WHERE ${where.sql}
     )
     SELECT CASE WHEN GROUPING(model_name) = 1 THEN NULL ELSE model_name END AS "modelName",
       GROUPING(model_name) AS "isTotal", count(*) AS calls,
       count(*) FILTER (WHERE estimated_cost IS NULL) AS "unpricedCalls",
       count(*) FILTER (WHERE new_cost IS NULL) AS "notRepricedCalls",
       count(*) FILTER (WHERE new_cost IS NULL AND estimated_cost IS NULL) AS "repricedUnpricedCalls",
       trim_scale(coalesce(sum(estimated_cost), 0)) AS "recordedCost",
       trim_scale(coalesce(sum(coalesce(new_cost, estimated_cost)), 0)) AS "repricedCost",
       trim_scale(coalesce(sum(coalesce(new_cost, estimated_cost)), 0)
         - coalesce(sum(estimated_cost), 0)) AS delta
     FROM priced GROUP BY GROUPING SETS ((model_name), ())
     ORDER BY GROUPING(model_name), coalesce(sum(coalesce(new_cost, estimated_cost)), 0) DESC, model_name`,
    where.params,
  );
  const strip = ({ isTotal: _, ...row }: RepricedCost & { isTotal: number }): RepricedCost => row;
  const total = rows.find((r) => r.isTotal === 1);
  return {
    byModel: rows.filter((r) => r.isTotal !== 1).map(strip),
    total: total === undefined ? EMPTY_TOTAL : strip(total),
  };
}
