import type { checkoutMetadataKeys } from '../checkout-metadata.js';
import { fromMinorUnits } from '../minor-units.js';

type Fields = Record<string, unknown>;

/** What a paid checkout session says, once checked. */
export interface CheckoutSessionFacts {
  /** The session id, `cs_...`: the purchase's `transaction_id`. */
  transactionId: string;
  clientId: string;
  sessionId: string;
  targetPlan: string;
  billingInterval: string;
  /** Exact amount in the currency's main unit, e.g. `'19.99'`. */
  value: string;
  /** Upper-case ISO 4217 code. */
  currency: string;
}

/** The facts, or every problem found (all reported together). */
export type ReadSessionResult = { ok: true; facts: CheckoutSessionFacts } | { ok: false; problems: string[] };

/** `value` as a record, or an empty one. */
export function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads a `checkout.session` object's id, amount, currency and Taxon metadata. */
export function readCheckoutSession(
  session: Fields,
  keys: Record<keyof typeof checkoutMetadataKeys, string>,
): ReadSessionResult {
  const problems: string[] = [];
  const metadata = fields(session['metadata']);
  const read = (key: string): string => {
    const value = text(metadata[key]);
    if (value === undefined) {
      problems.push(
        `metadata.${key} is missing: set it when creating the checkout session (checkoutSessionMetadata()).`,
      );
    }
    return value ?? '';
  };
  const clientId = read(keys.clientId);
  const sessionId = read(keys.sessionId);
  const targetPlan = read(keys.targetPlan);
  const billingInterval = read(keys.billingInterval);
  const transactionId = String(session['id']);
  if (!transactionId.startsWith('cs_')) {
    const got = JSON.stringify(transactionId);
    problems.push(`data.object.id is ${got}; expected a checkout session id (cs_...).`);
  }
  const currency = text(session['currency'])?.toUpperCase();
  if (currency === undefined) problems.push('data.object.currency is missing.');
  const amount = session['amount_total'];
  const validAmount = typeof amount === 'number' && Number.isSafeInteger(amount) && amount >= 0;
  if (!validAmount) problems.push('data.object.amount_total is missing or not a non-negative integer.');
  if (problems.length > 0 || currency === undefined || !validAmount) return { ok: false, problems };
  const value = fromMinorUnits(amount, currency);
  const facts = { transactionId, clientId, sessionId, targetPlan, billingInterval, value, currency };
  return { ok: true, facts };
}
