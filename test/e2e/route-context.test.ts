// Route-correct page context (issue 11 item 6), asserted on the wire: an event tracked in the
// effect of a client-navigated route (the landing page's landing_viewed, reached from /pricing
// through next/link) carries the new route's page_location and page_title and is delivered after
// that route's page view, at the collector (storage order) and in the dataLayer (gtag and GTM).
import { describe, expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';
import type { DataLayerPush } from './lib/browser.js';
import { acceptConsent, clickNav, settle, TITLES, visit, waitForTitle } from './lib/walks.js';

const e2e = useE2E({ GA_MEASUREMENT_ID: 'G-ROUTE123', GTM_CONTAINER_ID: 'GTM-ROUTE12' });

const pathOf = (location: unknown) => (typeof location === 'string' ? new URL(location).pathname : location);
const WATCHED = new Set(['page_view', 'landing_viewed']);

/** [name, path, title] of the page views and landing_viewed events in dataLayer order, per channel. */
function fromLayer(layer: DataLayerPush[]) {
  const gtag: unknown[][] = [];
  const gtm: unknown[][] = [];
  for (const push of layer) {
    if (push.gtag) {
      const [command, name, params] = push.value as [string, string, Record<string, unknown>];
      if (command === 'event' && WATCHED.has(name)) gtag.push([name, pathOf(params.page_location), params.page_title]);
    } else {
      const object = push.value as Record<string, unknown>;
      if (typeof object.event === 'string' && WATCHED.has(object.event)) {
        gtm.push([object.event, pathOf(object.page_location), object.page_title]);
      }
    }
  }
  return { gtag, gtm };
}

describe('page context of events tracked while a client-side route mounts', () => {
  it('the new route\'s effect event carries its page and follows its page view on every destination', async () => {
    const { page } = e2e.session;
    await visit(page, e2e.stack, '/pricing');
    await acceptConsent(page);
    await clickNav(page, 'home');
    const events = await e2e.stack.waitForEvents(
      (list) => list.some((e) => e.name === 'landing_viewed') && list.some((e) => e.name === 'page_view'),
      'the / page view and landing_viewed',
    );
    await settle(page);
    const expected = [
      ['page_view', '/', TITLES['/']],
      ['landing_viewed', '/', TITLES['/']],
    ];
    // The collector stores in arrival order (ids); consent was denied on /pricing's page view.
    const stored = (await e2e.stack.events()).filter((e) => WATCHED.has(e.name));
    expect(stored.map((e) => [e.name, pathOf(e.params.page_location), e.params.page_title]), JSON.stringify(events)).toEqual(expected);

    const { gtag, gtm } = fromLayer(await e2e.session.dataLayer());
    // gtag and GTM saw /pricing's page view (consent mode sends it cookieless), then the same two.
    expect(gtag).toEqual([['page_view', '/pricing', TITLES['/pricing']], ...expected]);
    expect(gtm).toEqual([['page_view', '/pricing', TITLES['/pricing']], ...expected]);
  });

  it('events of a route keep its page: signup_started in /signup\'s effect, signup_completed before router.push', async () => {
    const { page } = e2e.session;
    await visit(page, e2e.stack, '/pricing');
    await acceptConsent(page);
    await clickNav(page, 'signup');
    await page.getByTestId('signup-email').fill('route.context@example.com');
    await page.getByTestId('signup-submit').click();
    await page.waitForURL((url) => url.pathname === '/onboarding');
    await waitForTitle(page, TITLES['/onboarding']);
    const names = new Set(['page_view', 'signup_started', 'signup_completed']);
    await e2e.stack.waitForEvents(
      (list) => list.some((e) => e.name === 'page_view' && pathOf(e.params.page_location) === '/onboarding'),
      'the /onboarding page view',
    );
    await settle(page);
    const stored = (await e2e.stack.events()).filter((e) => names.has(e.name));
    expect(stored.map((e) => [e.name, pathOf(e.params.page_location), e.params.page_title])).toEqual([
      ['page_view', '/signup', TITLES['/signup']],
      ['signup_started', '/signup', TITLES['/signup']],
      ['signup_completed', '/signup', TITLES['/signup']],
      ['page_view', '/onboarding', TITLES['/onboarding']],
    ]);
  });
});
