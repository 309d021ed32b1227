/**
 * The shape of the generated `priceTable` (`generated/taxon/index.ts`, from `taxonomy/prices.yaml`),
 * as the runtimes read it. Declared structurally so no runtime imports an app's generated code.
 */
export interface PricePoint {
  /** First day (UTC, inclusive) the price applies, `YYYY-MM-DD`. */
  readonly effective: string;
  /** Price of `perTokens` uncached input tokens, as a decimal string. */
  readonly input: string;
  /** Price of `perTokens` input tokens read from the prompt cache. */
  readonly cachedInput: string;
  /** Price of `perTokens` output tokens. */
  readonly output: string;
  /** Price of `perTokens` tokens written to the prompt cache, where the provider charges it. */
  readonly cacheWrite?: string;
}

/** One model's prices. */
export interface ModelPrices {
  /** Who serves the model, e.g. `'openai'`. */
  readonly provider: string;
  /** Prices from their effective dates on, ascending. */
  readonly history: readonly PricePoint[];
}

/** Prices of every model, each with its history ascending by effective date. */
export interface PriceTable {
  /** ISO 4217 code of every price, e.g. `'USD'`. */
  readonly currency: string;
  /** How many tokens each price is for, e.g. `1000`. Must be a power of ten (or `2^a * 5^b`). */
  readonly perTokens: number;
  /** Prices by model id. */
  readonly models: Readonly<Record<string, ModelPrices>>;
}
