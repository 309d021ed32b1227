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
  const secret = stripeWebhookSecret();
  if (secret === undefined) {
    // A configuration error, not the sender's: nothing is verified or recorded without a secret.
    console.error('Stripe webhook refused: STRIPE_WEBHOOK_SECRET is not set (pnpm demo sets a random one per run).');
    return Response.json(
      { status: 'not_configured', error: 'Webhooks are not configured: set STRIPE_WEBHOOK_SECRET (whsec_...) on the server.' },
      { status: 503 },
    );
  }
  const body = await request.text();
  const { mp, processed } = await serverAnalytics();
  const result = await recordCheckoutCompleted({
    body,
    signature: request.headers.get('stripe-signature'),
    secret,
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
