import type { ProcessedEvents } from '@taxon/core';

export type { ProcessedEvents };

/** Options of {@link createMemoryProcessedEvents}. */
export interface MemoryProcessedEventsOptions {
  /** Most ids remembered; the oldest is forgotten first. @default 10_000 */
  capacity?: number;
}

/**
 * An in-memory {@link ProcessedEvents}, bounded. It protects against duplicates within one process
 * only: on serverless platforms, where each delivery may reach a fresh instance, use
 * `createSqlProcessedEvents` of `@taxon/store` (or your own store) instead.
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
