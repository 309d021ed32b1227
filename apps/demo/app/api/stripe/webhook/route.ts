import Stripe from 'stripe';
import { recordCheckoutCompleted } from '@taxon/edge';
import { stripeWebhookSecret } from '@/lib/runtime-config';
import { serverAnalytics } from '@/lib/server/analytics';
import { checkoutSessions } from '@/lib/server/checkout-sessions';

// Only the webhook helpers are used; no request ever reaches Stripe's API.
const stripe = new Stripe('sk_test_quill_demo_not_a_real_key');

/**
 * Stripe's `checkout.session.completed`: verified with the official library, then
 * checkout_completed and GA4 purchase are sent once per session (redeliveries send nothing).
 */
export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  const { mp, processed } = await serverAnalytics();
  const result = await recordCheckoutCompleted({
    body,
    signature: request.headers.get('stripe-signature'),
    secret: stripeWebhookSecret(),
    stripe,
    mp,
    processed,
  });
  if (result.status === 'recorded' || result.status === 'duplicate' || result.status === 'invalid_checkout') {
    // Fulfilment: the session is paid whatever analytics could record.
    const id = 'transactionId' in result ? result.transactionId : undefined;
    const session = id ? checkoutSessions().get(id) : undefined;
    if (session) {
      session.status = 'complete';
      session.payment_status = 'paid';
    }
  }
  return Response.json({ status: result.status }, { status: result.httpStatus });
}
