// The hosted checkout origin (`checkout.localhost`), standing in for Stripe Checkout: a second
// site with no Taxon tags. `/pay/<cs_id>` shows the payment page; paying signs a
// `checkout.session.completed` event with the official stripe library, POSTs it to the demo's
// webhook, then 303-redirects the buyer back to `/success?session_id=cs_...`.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Stripe from 'stripe';

const stripe = new Stripe('sk_test_quill_demo_not_a_real_key');

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: ui-sans-serif, system-ui, sans-serif; background: #f6f9fc; color: #1a1f36; margin: 0; }
  .box { max-width: 420px; margin: 4rem auto; background: #fff; border-radius: 12px; padding: 2rem;
         box-shadow: 0 6px 24px rgba(50, 50, 93, 0.12); }
  .merchant { color: #697386; font-size: 0.9rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: 0.5rem 0 1.5rem; }
  label { display: block; font-size: 0.85rem; color: #697386; margin-bottom: 0.3rem; }
  .field { border: 1px solid #e3e8ee; border-radius: 6px; padding: 0.6rem; margin-bottom: 1rem; color: #697386; }
  button { width: 100%; background: #635bff; color: #fff; border: 0; border-radius: 6px; padding: 0.8rem;
           font-size: 1rem; font-weight: 600; cursor: pointer; }
  .note { font-size: 0.8rem; color: #697386; text-align: center; margin-top: 1rem; }
</style></head><body><div class="box">${body}</div></body></html>`;

const money = (minor, currency) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(minor / 100);

/**
 * Starts the checkout origin.
 * @param {{ port?: number, host?: string, demoUrl: string, demoApiUrl?: string, webhookSecret: string,
 *   log?: (line: string) => void }} options `demoUrl` is where buyers return (browser-facing);
 *   `demoApiUrl` is how this server reaches the demo's API (defaults to `demoUrl`).
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startCheckoutServer({ port = 0, host = '127.0.0.1', demoUrl, demoApiUrl = demoUrl, webhookSecret, log = () => {} }) {
  /** The signed event body per session, so a redelivery sends the same event. */
  const events = new Map();

  const fetchSession = async (id) => {
    const response = await fetch(`${demoApiUrl}/api/checkout?session_id=${encodeURIComponent(id)}`);
    if (!response.ok) return undefined;
    return response.json();
  };

  const eventFor = async (session) => {
    let payload = events.get(session.id);
    if (!payload) {
      // Like Stripe: whole seconds. recordCheckoutCompleted sends a fresh delivery at receipt
      // time, so this rounding cannot put checkout_completed before checkout_started.
      const created = Math.floor(Date.now() / 1000);
      payload = JSON.stringify({
        id: `evt_${randomBytes(12).toString('hex')}`,
        object: 'event',
        api_version: '2025-10-29.clover',
        created,
        livemode: false,
        pending_webhooks: 1,
        type: 'checkout.session.completed',
        data: { object: { ...session, status: 'complete', payment_status: 'paid' } },
      });
      events.set(session.id, payload);
    }
    return payload;
  };

  const deliver = async (payload) => {
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    const response = await fetch(`${demoApiUrl}/api/stripe/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    const result = await response.json().catch(() => ({}));
    log(`checkout: webhook delivered -> ${response.status} ${result.status ?? ''}`.trim());
    return { status: response.status, result };
  };

  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://checkout.localhost');
      const match = /^\/(pay|redeliver)\/(cs_[A-Za-z0-9_]+)$/.exec(url.pathname);
      if (url.pathname === '/health') return send(res, 200, '{"ok":true}', { 'content-type': 'application/json' });
      if (!match) return send(res, 404, page('Not found', '<p>Unknown checkout page.</p>'));
      const [, action, id] = match;
      if (action === 'redeliver') {
        if (req.method !== 'POST') return send(res, 405, 'POST only', { allow: 'POST' });
        const payload = events.get(id);
        if (!payload) return send(res, 404, '{"error":"session not paid yet"}', { 'content-type': 'application/json' });
        const delivery = await deliver(payload);
        return send(res, 200, JSON.stringify(delivery), { 'content-type': 'application/json' });
      }
      const session = await fetchSession(id);
      if (!session) return send(res, 404, page('Checkout expired', '<p>This checkout session does not exist.</p>'));
      if (req.method === 'GET') {
        return send(
          res,
          200,
          page(
            'Pay Quill',
            `<p class="merchant">Quill Inc. (test mode)</p>
             <p>Subscribe to Quill ${escape(session.metadata?.target_plan ?? 'pro')}</p>
             <p class="amount">${money(session.amount_total, session.currency)}<small> / ${escape(session.metadata?.billing_interval ?? 'month')}</small></p>
             <form method="post" action="/pay/${escape(id)}">
               <label>Card</label><div class="field">4242 4242 4242 4242 (test card)</div>
               <button type="submit" data-testid="pay-now">Pay ${money(session.amount_total, session.currency)}</button>
             </form>
             <p class="note">A stand-in for Stripe Checkout: no analytics tags on this page.</p>`,
          ),
        );
      }
      if (req.method === 'POST') {
        req.resume();
        await deliver(await eventFor(session));
        return send(res, 303, '', { location: `${demoUrl}/success?session_id=${encodeURIComponent(id)}` });
      }
      return send(res, 405, 'Method not allowed', { allow: 'GET, POST' });
    } catch (error) {
      log(`checkout: ${error instanceof Error ? error.message : String(error)}`);
      return send(res, 500, page('Error', '<p>The payment could not be processed.</p>'));
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://checkout.localhost:${actual}`,
    port: actual,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
