import type { Taxonomy } from '../model.js';
import { key, lit } from './names.js';

/**
 * The prices section of the runtime module: the model price table as data, prices as exact
 * decimal strings. Server code imports it; a browser bundle that does not, sheds it.
 */
export function emitPrices(taxonomy: Taxonomy): string {
  const table = taxonomy.prices;
  const models = (table?.models ?? [])
    .map((m) => {
      const history = m.history
        .map(
          (p) =>
            `        {\n          effective: ${lit(p.effective)},\n          input: ${lit(p.input)},\n          cachedInput: ${lit(p.cachedInput)},\n          output: ${lit(p.output)},\n${p.cacheWrite !== undefined ? `          cacheWrite: ${lit(p.cacheWrite)},\n` : ''}        },`,
        )
        .join('\n');
      return `    ${key(m.model)}: {\n      provider: ${lit(m.provider)},\n      history: [\n${history}\n      ],\n    },`;
    })
    .join('\n');
  return `/** A model's price from a date on, per \`perTokens\` tokens, as exact decimal strings. */
export interface PricePoint {
  /** First day (UTC, inclusive) the price applies, YYYY-MM-DD. */
  effective: string;
  input: string;
  cachedInput: string;
  output: string;
  /** Price of writing to the prompt cache, where the provider charges it. */
  cacheWrite?: string;
}

export interface PriceTable {
  currency: string;
  perTokens: number;
  models: Record<string, { provider: string; history: readonly PricePoint[] }>;
}

/** Prices of every model, history ascending by effective date. */
export const priceTable = {
  currency: ${lit(table?.currency ?? 'USD')},
  perTokens: ${table?.perTokens ?? 1000},
  models: {
${models}
  },
} as const satisfies PriceTable;

export type PricedModel = keyof typeof priceTable.models;
`;
}
