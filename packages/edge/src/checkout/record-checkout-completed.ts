import { checkoutMetadataKeys } from './checkout-metadata.js';
import type {
  CheckoutCompletedParams,
  CheckoutEventIds,
  CheckoutResult,
  RecordCheckoutOptions,
  RecordCheckoutRawOptions,
} from './checkout-types.js';
import { fields, readCheckoutSession } from './lib/read-checkout-session.js';
import { recordWebhookMetrics } from '../telemetry/webhook-metrics.js';

const HANDLED = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);
const PAID = new Set(['paid', 'no_payment_required']);
// MP refuses timestamps older than 72 hours; Stripe retries for up to three days.
const MAX_EVENT_AGE_MS = 71 * 3600 * 1000;
// Stripe's `created` is in whole seconds, rounded down: stamped with it, a payment made in the
// second the browser sent checkout_started could sort before that step and break the funnel. A
// fresh delivery is sent at receipt time; only a late one (a retry) is backdated to `created`.
const FRESH_EVENT_MS = 60 * 1000;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Verified = { ok: true; event: Record<string, unknown> } | Extract<CheckoutResult, { status: 'invalid_signature' }>;
const refused = (message: string): Verified => ({ ok: false, status: 'invalid_signature', httpStatus: 400, message });

async function verify(options: RecordCheckoutRawOptions): Promise<Verified> {
  if (!options.signature) return refused('The request has no stripe-signature header.');
  try {
    const { body, signature, secret, tolerance, cryptoProvider } = options;
    const verified = options.stripe.webhooks.constructEventAsync(body, signature, secret, tolerance, cryptoProvider);
    return { ok: true, event: fields(await verified) };
  } catch (error) {
    return refused(`Stripe signature verification failed: ${errorMessage(error)}`);
  }
}

/** The event to record: verified here from the raw delivery, or the app's already verified one. */
async function eventOf(options: RecordCheckoutOptions): Promise<Verified> {
  if (options.event === undefined) return verify(options);
  const event = fields(options.event);
  if (typeof event['id'] !== 'string' || typeof event['type'] !== 'string' || typeof event['data'] !== 'object') {
    return refused(
      'options.event: expected the Stripe event your route verified with stripe.webhooks.constructEvent ' +
        '(with id, type and data.object), or pass body, signature, secret and stripe to verify it here.',
    );
  }
  return { ok: true, event };
}

/**
 * Records a paid Stripe Checkout from its webhook: verifies the signature with the official `stripe`
 * library, reads the browser's GA ids and the plan from the session's metadata
 * ({@link checkoutMetadataKeys}), and sends `checkout_completed` and GA4 `purchase` (both with the
 * session id `cs_...` as `transaction_id`) through the Measurement Protocol client. Idempotent: a
 * redelivered event, or a second event for the same session, sends nothing.
 *
 * Handles `checkout.session.completed` when paid (or free) and
 * `checkout.session.async_payment_succeeded`; other events are `ignored`. A free checkout (a trial,
 * a 100%-off coupon: `payment_status` `no_payment_required`) is recorded with value 0. Never
 * throws: answer with `result.httpStatus`.
 *
 * A route that already verifies its Stripe events passes the verified event instead of the raw
 * delivery (`{ event, mp, processed }`), so the signature is checked once.
 *
 * @example
 * export async function POST(request: Request) {
 *   const result = await recordCheckoutCompleted({
 *     body: await request.text(), signature: request.headers.get('stripe-signature'),
 *     secret: process.env.STRIPE_WEBHOOK_SECRET!, stripe, mp, processed,
 *   });
 *   if (!result.ok) console.error('checkout webhook', result);
 *   return new Response(null, { status: result.httpStatus });
 * }
 * @example
 * // In your existing webhook route, after your own verification:
 * const event = stripe.webhooks.constructEvent(body, signature, secret);
 * await recordCheckoutCompleted({ event, mp, processed });
 */
export async function recordCheckoutCompleted(options: RecordCheckoutOptions): Promise<CheckoutResult> {
  const seen: { eventType?: string } = {};
  const result = await recordCheckout(options, seen);
  if (options.metrics) recordWebhookMetrics(options.metrics, result, seen.eventType);
  return result;
}

/** `seen.eventType` receives the verified event's type, for the webhook metric. */
async function recordCheckout(options: RecordCheckoutOptions, seen: { eventType?: string }): Promise<CheckoutResult> {
  const { mp, processed } = options;
  const now = options.now ?? Date.now;
  const verified = await eventOf(options);
  if (!verified.ok) return verified;
  const { event } = verified;

  const eventId = String(event['id']);
  const eventType = String(event['type']);
  seen.eventType = eventType;
  const session = fields(fields(event['data'])['object']);
  if (!HANDLED.has(eventType)) {
    const reason = 'not a checkout completion';
    return { ok: true, status: 'ignored', httpStatus: 200, eventId, eventType, reason };
  }
  const paymentStatus = String(session['payment_status']);
  if (eventType === 'checkout.session.completed' && !PAID.has(paymentStatus)) {
    const reason = `payment_status is ${paymentStatus}: recorded on checkout.session.async_payment_succeeded`;
    return { ok: true, status: 'ignored', httpStatus: 200, eventId, eventType, reason };
  }

  const transactionId = String(session['id']);
  const invalid = (problems: string[]): CheckoutResult => {
    return { ok: false, status: 'invalid_checkout', httpStatus: 200, eventId, transactionId, problems };
  };
  const read = readCheckoutSession(session, { ...checkoutMetadataKeys, ...options.metadataKeys });
  if (!read.ok) return invalid(read.problems);
  const { facts } = read;
  const createdMs = typeof event['created'] === 'number' ? event['created'] * 1000 : undefined;
  const age = createdMs === undefined ? 0 : now() - createdMs;
  const backdate = createdMs !== undefined && age >= FRESH_EVENT_MS && age < MAX_EVENT_AGE_MS ? createdMs : undefined;
  const ids: CheckoutEventIds = {
    clientId: facts.clientId,
    sessionId: facts.sessionId,
    ...(backdate !== undefined && { timestamp: new Date(backdate) }),
  };
  const params: CheckoutCompletedParams = {
    target_plan: facts.targetPlan,
    billing_interval: facts.billingInterval,
    value: Number(facts.value),
    currency: facts.currency,
    transaction_id: transactionId,
  };
  try {
    // Refuse a plan outside the taxonomy before anything is marked: the MP client would drop it.
    mp.payloadFor?.('checkout_completed', params, ids);
  } catch (error) {
    return invalid([errorMessage(error)]);
  }

  const duplicate: CheckoutResult = { ok: true, status: 'duplicate', httpStatus: 200, eventId, transactionId };
  const marked: string[] = [];
  try {
    for (const key of [`stripe_event:${eventId}`, `transaction:${transactionId}`]) {
      if (!(await processed.markProcessed(key))) return duplicate;
      marked.push(key);
    }
    mp.send('checkout_completed', params, ids, { dedupeKey: `checkout_completed:${transactionId}` });
    const item = {
      item_id: `${facts.targetPlan}_${facts.billingInterval}`,
      item_name: facts.targetPlan,
      item_variant: facts.billingInterval,
      price: params.value,
      quantity: 1,
    };
    mp.sendPurchase(
      { transaction_id: transactionId, value: params.value, currency: facts.currency, items: [item] },
      ids,
      { dedupeKey: `purchase:${transactionId}` },
    );
  } catch (error) {
    // The store failed or the client refused: unmark so that Stripe's retry is handled again.
    await Promise.all(marked.map((key) => processed.forget?.(key).catch(() => {})));
    return { ok: false, status: 'error', httpStatus: 500, eventId, message: errorMessage(error), error };
  }
  const flushing = Promise.resolve(mp.flush?.()).catch(() => {});
  if (options.waitUntil) options.waitUntil(flushing);
  else await flushing;
  const { value, currency } = facts;
  return { ok: true, status: 'recorded', httpStatus: 200, eventId, transactionId, value, currency };
}
