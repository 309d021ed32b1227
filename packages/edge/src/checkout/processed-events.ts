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

/** Options of {@link createMemoryProcessedEvents}. */
export interface MemoryProcessedEventsOptions {
  /** Most ids remembered; the oldest is forgotten first. @default 10_000 */
  capacity?: number;
}

/**
 * An in-memory {@link ProcessedEvents}, bounded. It protects against duplicates within one process
 * only: on serverless platforms, where each delivery may reach a fresh instance, use
 * `createSqlProcessedEvents` (or your own store) instead.
 */
export function createMemoryProcessedEvents(options: MemoryProcessedEventsOptions = {}): ProcessedEvents {
  const capacity = Math.max(1, options.capacity ?? 10_000);
  const ids = new Set<string>();
  return {
    async markProcessed(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > capacity) ids.delete(ids.values().next().value as string);
      return true;
    },
    async forget(id) {
      ids.delete(id);
    },
  };
}
