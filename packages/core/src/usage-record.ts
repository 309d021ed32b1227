// The contract between @taxon/edge (which builds usage records) and the sinks that store them
// (@taxon/store's usage log, or the app's own): it lives here so neither depends on the other.

/**
 * One AI call as written to the usage log (`ai_usage_logs`). Exact figures live here; analytics
 * only ever sees their buckets. This is the contract between `instrumentGeneration` (which builds
 * records) and the usage-log sinks (which store them).
 */
export interface UsageRecord {
  /** Idempotency key: a retried request with the same id inserts nothing new. */
  requestId: string;
  userId: string;
  featureName: string;
  modelName: string;
  inputTokens: number;
  /** Input tokens served from the provider's prompt cache (a subset of `inputTokens`). */
  cachedInputTokens: number;
  /**
   * Input tokens written to the provider's prompt cache (Anthropic's `cache_creation_input_tokens`):
   * a subset of `inputTokens`, disjoint from `cachedInputTokens`, so
   * `cachedInputTokens + cacheWriteInputTokens <= inputTokens`. Priced at the price table's
   * `cacheWrite`, or at the input price where the table has none. 0 for providers without cache writes.
   */
  cacheWriteInputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /**
   * Exact cost as a decimal string in the price table's currency, e.g. `'0.000123'`, or `null` when
   * it was unknown at the time (the model had no price at the call's date). Cost queries sum the
   * known costs and count the unknown ones as `unpricedCalls`; `repriceCost` prices them once the
   * table knows the model.
   */
  estimatedCost: string | null;
  requestDurationMs: number;
  success: boolean;
  /** One of the taxonomy's `error_type` values when `success` is false, else null. */
  errorType: string | null;
  planType: string | null;
  release: string | null;
  clientId: string | null;
  createdAt: Date;
}

/** Where `instrumentGeneration` writes usage records. The Postgres usage log is one; tests may pass others. */
export interface UsageSink {
  /** Stores the record; resolves `false` when a record with the same `requestId` already exists. */
  insert(record: UsageRecord): Promise<boolean>;
}
