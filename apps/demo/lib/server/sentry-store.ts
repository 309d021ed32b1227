import type { Envelope } from './sentry-envelope';
import { processSingleton } from './process-singleton';

/** An envelope the tunnel received. */
export interface StoredEnvelope extends Envelope {
  received_at: string;
}

/** Envelopes received by this server process, oldest first (at most 500 kept). */
export function sentryEnvelopes(): StoredEnvelope[] {
  return processSingleton('sentry-envelopes', () => [] as StoredEnvelope[]);
}

/** Keeps one envelope. */
export function storeEnvelope(envelope: Envelope): void {
  const list = sentryEnvelopes();
  list.push({ received_at: new Date().toISOString(), ...envelope });
  if (list.length > 500) list.splice(0, list.length - 500);
}
