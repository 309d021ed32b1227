import { processSingleton } from './process-singleton';

/** A hosted checkout session, shaped like the fields of Stripe's `checkout.session` the demo uses. */
export interface CheckoutSession {
  id: string;
  object: 'checkout.session';
  mode: 'subscription';
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  status: 'open' | 'complete';
  payment_status: 'unpaid' | 'paid';
  created: number;
  /** The Quill user who is buying (not sent anywhere). */
  client_reference_id: string | null;
}

/** Sessions of this server process (Stripe's API is unreachable from the demo). */
export function checkoutSessions(): Map<string, CheckoutSession> {
  return processSingleton('checkout-sessions', () => new Map<string, CheckoutSession>());
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Stripe-shaped test session id, `cs_test_` and 58 random characters. */
export function newCheckoutSessionId(): string {
  const bytes = new Uint8Array(58);
  crypto.getRandomValues(bytes);
  return `cs_test_${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}
