import { randomId } from './lib/random-id.js';

/** A bounded set of recently accepted dedupe keys; the oldest key is forgotten first. */
export interface DedupeKeys {
  /** Records `key`; `false` when it is already held (a duplicate). */
  accept(key: string): boolean;
  /** Forgets `key`, so that an event dropped before delivery may be sent again. */
  release(key: string): void;
}

/**
 * Creates a {@link DedupeKeys} holding at most `capacity` keys. A ring of insertion slots finds the
 * oldest key in O(1); evicting through a `Map` iterator instead gets slower with every deletion.
 */
export function createDedupeKeys(capacity: number): DedupeKeys {
  const size = Math.max(1, Math.floor(capacity));
  const insertedAt = new Map<string, number>();
  const ring: (string | undefined)[] = new Array<string | undefined>(size);
  let sequence = 0;
  return {
    accept(key) {
      if (insertedAt.has(key)) return false;
      const slot = sequence % size;
      const oldest = ring[slot];
      // Only evict the key if this slot still holds its current insertion (not a released and
      // re-accepted one, which lives in a newer slot).
      if (oldest !== undefined && insertedAt.get(oldest) === sequence - size) insertedAt.delete(oldest);
      ring[slot] = key;
      insertedAt.set(key, sequence);
      sequence++;
      return true;
    },
    release(key) {
      insertedAt.delete(key);
    },
  };
}

/**
 * The dedupe key of an event sent without one: `<name>:<transaction_id>` (a payment confirmed
 * twice is one purchase), else `<name>:<correlation_id>` (one lifecycle has one outcome), else a
 * random id, which dedupes nothing on the client but still lets a receiver drop retry copies.
 */
export function deriveDedupeKey(name: string, params: unknown): string {
  const fields = (params ?? {}) as Record<string, unknown>;
  if (typeof fields.transaction_id === 'string') return `${name}:${fields.transaction_id}`;
  if (typeof fields.correlation_id === 'string') return `${name}:${fields.correlation_id}`;
  return randomId();
}
