// Funnels walked in Chromium, asserted on what the collector stored: acquisition complete,
// monetization through the hosted checkout of a second origin, webhook idempotency.
import { describe, expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';
import { poll, type CollectedEvent } from './lib/stack.js';
import {
  completePayment,
  generate,
  landWithConsent,
  payOnCheckoutPage,
  settle,
  signUpAndOnboard,
  TITLES,
  visit,
  walkMonetization,
} from './lib/walks.js';

const e2e = useE2E();

const only = (events: CollectedEvent[], name: string) => events.filter((e) => e.name === name);

describe('acquisition funnel', () => {
  it('walked end to end shows complete in GET /funnels, every step stitched to one client', async () => {
    const { page } = e2e.session;
    await landWithConsent(page, e2e.stack);
    await signUpAndOnboard(page, 'acquisition.walker@example.com');
    expect((await generate(page)).kind).toBe('output');

    const steps = ['landing_viewed', 'signup_started', 'signup_completed', 'onboarding_completed', 'first_generation_completed'];
    const events = await e2e.stack.waitForEvents((list) => steps.every((s) => list.some((e) => e.name === s)),
      `every acquisition step (${steps.join(', ')})`);
    const clients = new Set(steps.map((s) => only(events, s)[0]!.client_id));
    expect([...clients], 'client_id of the five steps (browser and server)').toHaveLength(1);

    const funnel = (await poll(() => e2e.stack.funnels(), (fs) => (fs.find((f) => f.name === 'acquisition')?.completed ?? 0) >= 1,
      'the acquisition funnel to complete')).find((f) => f.name === 'acquisition')!;
    expect(funnel.steps.map((s) => s.name)).toEqual(steps);
    expect(funnel.steps.map((s) => s.count)).toEqual([1, 1, 1, 1, 1]);
    expect(funnel).toMatchObject({ entered: 1, completed: 1, overallConversion: 1 });
    expect(await e2e.stack.badEvents(), 'events the collector rejected').toEqual([]);
  });
});

describe('monetization funnel through the hosted checkout origin', () => {
  it('stitches checkout_completed to the browser session, without a checkout referral or cs_ in URLs', async () => {
    const { page } = e2e.session;
    const { checkoutSessionId, successUrl } = await walkMonetization(page, e2e.stack);
    // The id really was in the address bar: keeping it out of page_location is the tracker's doing.
    expect(new URL(successUrl).searchParams.get('session_id')).toBe(checkoutSessionId);

    const events = await e2e.stack.waitForEvents(
      (list) => only(list, 'checkout_completed').length > 0 && list.some((e) => e.name === 'page_view' &&
        e.params.page_title === TITLES['/success']),
      'checkout_completed and the success page view');
    const started = only(events, 'checkout_started');
    const completed = only(events, 'checkout_completed');
    expect(started).toHaveLength(1);
    expect(completed).toHaveLength(1);
    expect(completed[0]!.params.transaction_id).toBe(checkoutSessionId);
    expect(completed[0]!.client_id).toBe(started[0]!.client_id);
    expect(completed[0]!.session_id).toBeDefined();
    expect(completed[0]!.session_id).toBe(started[0]!.session_id);
    for (const step of ['paywall_viewed', 'upgrade_clicked']) {
      expect(only(events, step).map((e) => e.client_id), step).toEqual([started[0]!.client_id]);
    }

    // Back from the checkout origin: same session, and not a referral from checkout.localhost.
    const checkoutHost = new URL(e2e.stack.checkoutUrl).hostname;
    const successViews = events.filter((e) => e.name === 'page_view' && e.params.page_title === TITLES['/success']);
    expect(successViews).toHaveLength(1);
    expect(successViews[0]!.client_id).toBe(started[0]!.client_id);
    expect(successViews[0]!.session_id).toBe(started[0]!.session_id);
    // GA4 reads a page_referrer as a referral unless the hit says ignore_referrer: true
    // (https://support.google.com/analytics/answer/10327750). Any other mention of the checkout
    // host (a source or channel param) would be a referral too.
    const { page_referrer: referrer, ignore_referrer: ignoreReferrer, ...rest } = successViews[0]!.params;
    if (typeof referrer === 'string' && new URL(referrer).hostname === checkoutHost) {
      expect(ignoreReferrer, `success page_view with page_referrer ${referrer}`).toBe(true);
    }
    expect(JSON.stringify(rest), 'success page_view params besides page_referrer').not.toContain(checkoutHost);
    expect(events.filter((e) => e.params.ignore_referrer !== true && String(e.params.page_referrer ?? '').includes(checkoutHost))
      .map((e) => e.name), 'events with a checkout referrer not marked ignore_referrer').toEqual([]);

    // The Checkout Session id rides in the success URL; it must not reach any page_location.
    const stored = [...events, ...(await e2e.stack.badEvents())];
    const locations = stored.flatMap((e) => [e.params.page_location, e.params.page_referrer]).filter((v) => typeof v === 'string');
    expect(locations.length).toBeGreaterThan(0);
    expect(locations.filter((l) => /cs_/.test(l as string)), 'page_location/page_referrer with cs_').toEqual([]);
    const collectorPosts = e2e.session.requests.filter((r) => r.url.startsWith(`${e2e.stack.collectorUrl}/mp/collect`));
    expect(collectorPosts.length).toBeGreaterThan(0);
    expect(collectorPosts.filter((r) => r.body?.includes('cs_')), 'browser posts to the collector with cs_').toEqual([]);

    const funnel = (await poll(() => e2e.stack.funnels(), (fs) => (fs.find((f) => f.name === 'monetization')?.completed ?? 0) >= 1,
      'the monetization funnel to complete')).find((f) => f.name === 'monetization')!;
    expect(funnel.steps.map((s) => s.count)).toEqual([1, 1, 1, 1]);
    expect(funnel).toMatchObject({ entered: 1, completed: 1, overallConversion: 1 });
    expect(await e2e.stack.badEvents(), 'events the collector rejected').toEqual([]);
  });

  it('counts one checkout_completed when the webhook is delivered twice', async () => {
    const { page } = e2e.session;
    // Straight to /checkout: this test is about the webhook, not the steps before it.
    await landWithConsent(page, e2e.stack);
    await visit(page, e2e.stack, '/checkout');
    const checkoutSessionId = await payOnCheckoutPage(page, e2e.stack);
    await completePayment(page, e2e.stack);
    await e2e.stack.waitForEvents((list) => only(list, 'checkout_completed').length > 0, 'the first checkout_completed');

    const again = await e2e.stack.postToCheckout(`/redeliver/${encodeURIComponent(checkoutSessionId)}`);
    expect(again.status, `POST /redeliver answered: ${again.body}`).toBeLessThan(400);
    // The second delivery is answered before anything it could send; give a stray send time to land.
    await settle(page);
    const events = await e2e.stack.events();
    expect(only(events, 'checkout_completed').map((e) => e.params.transaction_id)).toEqual([checkoutSessionId]);
    expect(only(events, 'purchase').map((e) => e.params.transaction_id)).toEqual([checkoutSessionId]);
  });
});
