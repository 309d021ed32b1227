// The contract between @taxon/edge's webhook handlers and the stores that remember handled
// deliveries (@taxon/store's SQL table, edge's in-memory one, or the app's own).

/**
 * Remembers which webhook deliveries were already handled, so a redelivered or concurrent copy of a
 * payment webhook sends nothing twice. Implement it on any store with an atomic insert-if-absent.
 */
export interface ProcessedEvents {
  /**
   * Marks `id` processed. Resolves `true` the first time, `false` when it already was (a duplicate);
   * two concurrent calls with one id must not both resolve `true`.
   */
  markProcessed(id: string): Promise<boolean>;
  /** Forgets `id` so that a later delivery is handled again (used when sending failed after marking). */
  forget?(id: string): Promise<void>;
}
