import type { Envelope } from './sentry-envelope';
import { processSingleton } from './process-singleton';

/** An envelope the tunnel received. */
export interface StoredEnvelope extends Envelope {
  received_at: string;
}

/** How much the tunnel keeps: the newest envelopes, by count and by their total size. */
export const KEPT_ENVELOPES = {
  maxCount: 500,
  /** Total bytes of the kept envelopes, as received. */
  maxTotalBytes: 5_000_000,
} as const;

interface Kept {
  list: StoredEnvelope[];
  sizes: number[];
  totalBytes: number;
}

function kept(): Kept {
  return processSingleton('sentry-envelopes-kept', (): Kept => ({ list: [], sizes: [], totalBytes: 0 }));
}

/** Envelopes received by this server process, oldest first (see {@link KEPT_ENVELOPES}). */
export function sentryEnvelopes(): readonly StoredEnvelope[] {
  return kept().list;
}

/** Keeps one envelope of `bytes` bytes, dropping the oldest beyond the count and size caps. */
export function storeEnvelope(envelope: Envelope, bytes: number): void {
  const state = kept();
  state.list.push({ received_at: new Date().toISOString(), ...envelope });
  state.sizes.push(bytes);
  state.totalBytes += bytes;
  while (state.list.length > 0 &&
    (state.list.length > KEPT_ENVELOPES.maxCount || state.totalBytes > KEPT_ENVELOPES.maxTotalBytes)) {
    state.list.shift();
    state.totalBytes -= state.sizes.shift() ?? 0;
  }
}

/** Forgets every kept envelope. */
export function clearEnvelopes(): void {
  const state = kept();
  state.list.length = 0;
  state.sizes.length = 0;
  state.totalBytes = 0;
}
