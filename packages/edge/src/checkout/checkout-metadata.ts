/**
 * The Stripe Checkout Session `metadata` keys `recordCheckoutCompleted` reads. Set them when you
 * create the session, from the browser's ids (`getAnalyticsIds()` of `@taxon/web`), so the
 * server-confirmed purchase joins the session in which the user clicked "Buy".
 */
export const checkoutMetadataKeys = {
  /** GA4 client id, e.g. `'1234567890.1763900000'`. */
  clientId: 'ga_client_id',
  /** GA4 session id, e.g. `'1763900000'`. */
  sessionId: 'ga_session_id',
  /** The taxonomy's `target_plan`, e.g. `'pro'`. */
  targetPlan: 'target_plan',
  /** The taxonomy's `billing_interval`, e.g. `'monthly'`. */
  billingInterval: 'billing_interval',
} as const;

/** What the app knows when it creates a checkout session. */
export interface CheckoutAnalytics {
  /** From `getAnalyticsIds()` in the browser, sent with the "create checkout" request. */
  clientId: string;
  sessionId: string;
  targetPlan: string;
  billingInterval: string;
}

/**
 * The `metadata` to pass to `stripe.checkout.sessions.create`, with the keys
 * `recordCheckoutCompleted` reads. Throws (in every environment: it runs in your server's request,
 * before any payment) when an id is missing, because a purchase without them cannot be attributed.
 *
 * @example
 * const session = await stripe.checkout.sessions.create({
 *   mode: 'subscription', line_items, success_url, cancel_url,
 *   metadata: checkoutSessionMetadata({ clientId, sessionId, targetPlan: 'pro', billingInterval: 'monthly' }),
 * });
 */
export function checkoutSessionMetadata(analytics: CheckoutAnalytics): Record<string, string> {
  const missing = (Object.keys(checkoutMetadataKeys) as (keyof CheckoutAnalytics)[]).filter(
    (key) => typeof analytics?.[key] !== 'string' || analytics[key] === '',
  );
  if (missing.length > 0) {
    throw new TypeError(
      `checkoutSessionMetadata: missing ${missing.join(', ')}. Read clientId and sessionId in the ` +
        'browser with getAnalyticsIds() and send them with the checkout request, e.g. ' +
        "{ clientId: '1234567890.1763900000', sessionId: '1763900000', targetPlan: 'pro', " +
        "billingInterval: 'monthly' }.",
    );
  }
  return {
    [checkoutMetadataKeys.clientId]: analytics.clientId,
    [checkoutMetadataKeys.sessionId]: analytics.sessionId,
    [checkoutMetadataKeys.targetPlan]: analytics.targetPlan,
    [checkoutMetadataKeys.billingInterval]: analytics.billingInterval,
  };
}
