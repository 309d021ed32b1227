import { checkoutSessionMetadata } from '@taxon/edge';
import { enumValues } from '@/lib/taxonomy';
import { checkoutUrl } from '@/lib/runtime-config';
import { checkoutSessions, newCheckoutSessionId, type CheckoutSession } from '@/lib/server/checkout-sessions';

// In-memory state: never cached, always answered by this process.
export const dynamic = 'force-dynamic';

/** Prices in minor units (cents), per plan and interval. */
const PRICES: Record<string, Record<string, number>> = {
  pro: { monthly: 1900, yearly: 19000 },
  enterprise: { monthly: 9900, yearly: 99000 },
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Creates a hosted checkout session, as `stripe.checkout.sessions.create` would, with the
 * browser's GA client and session ids in its metadata so the webhook's checkout_completed joins
 * the session where the user clicked "Pay". Answers `{ id, url }`.
 */
export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
  const targetPlan = text(body.targetPlan) ?? 'pro';
  const billingInterval = text(body.billingInterval) ?? 'monthly';
  const amount = PRICES[targetPlan]?.[billingInterval];
  if (amount === undefined || !enumValues.target_plan.includes(targetPlan as never)) {
    return Response.json(
      { error: `Expected targetPlan in pro|enterprise and billingInterval in monthly|yearly.` },
      { status: 400 },
    );
  }
  const clientId = text(body.clientId);
  const sessionId = text(body.sessionId);
  // Without ids (analytics refused) the session carries no analytics metadata and the webhook
  // records nothing: consent is respected on the server too.
  const metadata =
    clientId && sessionId
      ? checkoutSessionMetadata({ clientId, sessionId, targetPlan, billingInterval })
      : { target_plan: targetPlan, billing_interval: billingInterval };
  const session: CheckoutSession = {
    id: newCheckoutSessionId(),
    object: 'checkout.session',
    mode: 'subscription',
    amount_total: amount,
    currency: 'usd',
    metadata,
    status: 'open',
    payment_status: 'unpaid',
    created: Math.floor(Date.now() / 1000),
    client_reference_id: text(body.userId) ?? null,
  };
  checkoutSessions().set(session.id, session);
  return Response.json({ id: session.id, url: `${checkoutUrl()}/pay/${session.id}` });
}

/** `GET /api/checkout?session_id=cs_...`: the session, for the checkout origin and /success. */
export async function GET(request: Request): Promise<Response> {
  const id = new URL(request.url).searchParams.get('session_id') ?? '';
  const session = checkoutSessions().get(id);
  if (!session) return Response.json({ error: `No checkout session ${id || '(missing session_id)'}.` }, { status: 404 });
  return Response.json(session);
}
