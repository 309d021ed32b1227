'use client';
import { useState } from 'react';
import { useAnalytics } from '@taxon/react';
import { currentUser } from '@/lib/user';

/**
 * Starts the checkout lifecycle (checkout_started) and hands over to the hosted checkout origin.
 * The browser's GA client and session ids go with the request into the session's metadata, so
 * the webhook's checkout_completed is credited to this session.
 */
export function CheckoutButton() {
  const tracker = useAnalytics();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pay = async () => {
    setBusy(true);
    setError(null);
    const checkout = tracker.startCheckout({ target_plan: 'pro', billing_interval: 'monthly', value: 19, currency: 'USD' });
    // Delivered before the page unloads, and the collector destination's ids are written.
    await tracker.flush();
    const ids = await tracker.getAnalyticsIds();
    try {
      const response = await fetch('/api/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          targetPlan: 'pro',
          billingInterval: 'monthly',
          clientId: ids.clientId,
          sessionId: ids.sessionId,
          userId: currentUser().id,
        }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { url } = (await response.json()) as { url: string };
      // checkout_completed is server-owned (the webhook): complete() closes the handle, sends nothing.
      checkout.complete();
      window.location.assign(url);
    } catch {
      setBusy(false);
      setError('The checkout could not be opened. Please try again.');
    }
  };

  return (
    <>
      <button type="button" className="button" data-testid="checkout-pay" disabled={busy} onClick={pay}>
        {busy ? 'Opening checkout...' : 'Continue to payment'}
      </button>
      {error ? <p className="error">{error}</p> : null}
    </>
  );
}
