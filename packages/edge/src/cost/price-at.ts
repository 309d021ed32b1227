import type { PricePoint, PriceTable } from './price-table.js';

/** `YYYY-MM-DD` of an instant in UTC, the calendar the price table's `effective` dates use. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The price of `model` in effect at `at`: the last history entry whose `effective` day (UTC,
 * inclusive) is on or before the call's UTC day. `undefined` when the model is not in the table or
 * the call predates its first price.
 */
export function priceAt(prices: PriceTable, model: string, at: Date): PricePoint | undefined {
  const entry = Object.hasOwn(prices.models, model) ? prices.models[model] : undefined;
  if (!entry) return undefined;
  const day = utcDay(at);
  let found: PricePoint | undefined;
  // Dates in YYYY-MM-DD compare correctly as strings; the history is not assumed sorted.
  for (const point of entry.history) {
    if (point.effective <= day && (!found || point.effective > found.effective)) found = point;
  }
  return found;
}
