import type { TokenUsage } from '../instrument/token-usage.js';
import {
  addDecimal,
  decimalFromInteger,
  divideDecimal,
  formatDecimal,
  multiplyDecimal,
  parseDecimal,
  type Decimal,
} from './decimal.js';
import { priceAt, utcDay } from './price-at.js';
import type { PricePoint, PriceTable } from './price-table.js';

/** The cost of one call, or why it could not be priced. */
export type CostResult =
  | {
      ok: true;
      /** Exact cost as a decimal string in `currency`, e.g. `'0.0123'`. */
      cost: string;
      currency: string;
      /** The price used (its `effective` day says which price change applied). */
      price: PricePoint;
    }
  | {
      ok: false;
      /** `unknown_model`: not in the table; `no_price_at_date`: the call predates its first price. */
      reason: 'unknown_model' | 'no_price_at_date';
      message: string;
    };

/**
 * Prices a call exactly: uncached input (`inputTokens - cachedInputTokens - cacheWriteTokens`),
 * cached input, cache writes and output each at their own price, summed as integers and divided by
 * `perTokens` once. Cache writes use `cacheWrite`, or the input price where the table has none.
 *
 * @example computeCost(priceTable, 'gpt-4.1', usage, new Date()) // { ok: true, cost: '0.0145', ... }
 */
export function computeCost(prices: PriceTable, model: string, usage: TokenUsage, at: Date): CostResult {
  const price = priceAt(prices, model, at);
  if (!price) {
    const known = Object.hasOwn(prices.models, model);
    return {
      ok: false,
      reason: known ? 'no_price_at_date' : 'unknown_model',
      message: known
        ? `model '${model}' has no price in effect on ${utcDay(at)} (UTC): its first price is later. ` +
          "Add an entry with an earlier 'effective' date to its history in prices.yaml."
        : `model '${model}' is not in the price table. Expected one of: ` +
          `${Object.keys(prices.models).join(', ')}. Add it to prices.yaml and run \`taxon gen\`.`,
    };
  }
  const uncached = usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens;
  const line = (tokens: number, perUnit: string): Decimal =>
    multiplyDecimal(decimalFromInteger(Math.max(0, tokens)), parseDecimal(perUnit));
  const sum = [
    line(uncached, price.input),
    line(usage.cachedInputTokens, price.cachedInput),
    line(usage.cacheWriteTokens, price.cacheWrite ?? price.input),
    line(usage.outputTokens, price.output),
  ].reduce(addDecimal);
  return {
    ok: true,
    cost: formatDecimal(divideDecimal(sum, prices.perTokens)),
    currency: prices.currency,
    price,
  };
}
