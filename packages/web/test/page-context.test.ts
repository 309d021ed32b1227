// @vitest-environment jsdom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collector, createTracker, ga4, gtm, type TrackerOptions } from '../src/index.js';
import { settle, useFakeClock } from './fake-clock.js';
import { fixtureTaxonomy, type FixtureEvents } from './fixtures/taxonomy.js';
import { gtagEvents, layer, useCleanPage } from './helpers.js';

interface Stored {
  name: string;
  timestamp_micros: number;
  params: Record<string, unknown>;
}
const stored: Stored[] = [];
const server = setupServer(
  http.post('http://collector.test/mp/collect', async ({ request }) => {
    const body = JSON.parse(await request.text()) as { events: Stored[] };
    stored.push(...body.events);
    return new HttpResponse(null, { status: 204 });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  stored.length = 0;
});
afterAll(() => server.close());
useCleanPage();

const trackers: { shutdown(): void }[] = [];
afterEach(() => {
  for (const t of trackers.splice(0)) t.shutdown();
});

/** gtag, a GTM dataLayer of its own and the collector, consent granted; page views left to the test. */
function setup(options: Partial<TrackerOptions> = {}) {
  const tracker = createTracker<FixtureEvents>({
    taxonomy: fixtureTaxonomy,
    destinations: [
      ga4({ measurementId: 'G-ABC123' }),
      gtm({ containerId: 'GTM-AB12CD3', dataLayerName: 'taxonLayer' }),
      collector({ endpoint: 'http://collector.test', flushIntervalMs: 10_000 }),
    ],
    consent: { default: { analytics_storage: 'granted' } },
    pageViews: { auto: false },
    ...options,
  });
  trackers.push(tracker);
  return tracker;
}

type Row = [string, unknown, unknown];
const row = (name: string, params: Record<string, unknown>): Row => [name, params.page_location, params.page_title];
const onGtag = (): Row[] => gtagEvents().map(([name, p]) => row(name, p));
const onGtm = (): Row[] =>
  (layer('taxonLayer') as Record<string, unknown>[])
    .filter((e) => typeof e.event === 'string' && e.event !== 'gtm.js')
    .map((e) => row(e.event as string, e));
const onCollector = (): Row[] => stored.map((e) => row(e.name, e.params));

const HOME = 'http://localhost:3000/';
const PRICING = 'http://localhost:3000/pricing';

describe('route-correct page context', () => {
  it('an event tracked in the new route\'s effect waits for its page view and carries its page, on every destination', async () => {
    document.title = 'Home';
    const tracker = setup();
    tracker.start();
    tracker.pageView();
    tracker.trackEvent('cta_clicked', { cta: 'see_pricing' });
    // Client-side navigation: the router commits the URL, the adapter reports the route, the
    // page's effect tracks, and only then does the streamed title arrive.
    window.history.pushState(null, '', '/pricing');
    tracker.routeChanged();
    tracker.trackEvent('pricing_viewed', { plan_type: 'pro' });
    expect(onGtag().map(([n]) => n)).toEqual(['page_view', 'cta_clicked']);
    expect(tracker.debug().held.awaitingPageView).toBe(1);
    document.title = 'Pricing';
    await settle();
    await tracker.flush();
    const expected: Row[] = [
      ['page_view', HOME, 'Home'],
      ['cta_clicked', HOME, 'Home'],
      ['page_view', PRICING, 'Pricing'],
      ['pricing_viewed', PRICING, 'Pricing'],
    ];
    expect(onGtag()).toEqual(expected);
    expect(onGtm()).toEqual(expected);
    expect(onCollector()).toEqual(expected);
    expect(tracker.debug().held.awaitingPageView).toBe(0);
  });

  it('when the title never changes, the held event follows the page view sent at the timeout', async () => {
    const clock = useFakeClock();
    document.title = 'Shop';
    const tracker = setup({ pageViews: { auto: false, titleTimeoutMs: 300 } });
    tracker.start();
    tracker.pageView();
    window.history.pushState(null, '', '/pricing');
    tracker.routeChanged();
    tracker.trackEvent('pricing_viewed');
    await clock.advance(299);
    expect(onGtag().map(([n]) => n)).toEqual(['page_view']);
    await clock.advance(1);
    expect(onGtag()).toEqual([
      ['page_view', HOME, 'Shop'],
      ['page_view', PRICING, 'Shop'],
      ['pricing_viewed', PRICING, 'Shop'],
    ]);
    await tracker.flush();
    // Timed no earlier than its page view (GA4 and funnels order by time), not 300 ms before it.
    const [, pricingView, pricingViewed] = stored;
    expect(pricingViewed!.timestamp_micros).toBe(pricingView!.timestamp_micros);
  });

  it('with the history listener (no router adapter) the same holds for pushState routes', async () => {
    document.title = 'Home';
    const tracker = setup({ pageViews: { titleTimeoutMs: 1000 } });
    tracker.start();
    window.history.pushState(null, '', '/pricing');
    tracker.trackEvent('pricing_viewed');
    document.title = 'Pricing';
    await settle();
    expect(onGtag()).toEqual([
      ['page_view', HOME, 'Home'],
      ['page_view', PRICING, 'Pricing'],
      ['pricing_viewed', PRICING, 'Pricing'],
    ]);
  });

  it('events tracked before start() with a router adapter follow the first page view', async () => {
    document.title = '';
    const tracker = setup();
    window.history.replaceState(null, '', '/pricing');
    // RouteTracker's layout effect runs before the provider's start(); the page's effect after.
    tracker.routeChanged();
    tracker.start();
    tracker.trackEvent('pricing_viewed');
    document.title = 'Pricing';
    await settle();
    expect(onGtag()).toEqual([
      ['page_view', PRICING, 'Pricing'],
      ['pricing_viewed', PRICING, 'Pricing'],
    ]);
  });

  it('scrubs the page it stamps when no page view was sent yet', () => {
    document.title = 'Inbox of jane@example.com';
    window.history.replaceState(null, '', '/inbox?email=jane@example.com');
    const tracker = setup();
    tracker.start();
    tracker.trackEvent('cta_clicked', { cta: 'compose' });
    const [[, params]] = gtagEvents() as [[string, Record<string, unknown>]];
    expect(JSON.stringify(params)).not.toContain('jane@example.com');
    expect(params.page_location).toMatch(/^http:\/\/localhost:3000\/inbox/);
    expect(params.page_title).toBe('Inbox of [email]');
  });
});

describe('consent understood: debug view and the development warning', () => {
  it('warns once in development naming the cause and the fix, and debug() explains every destination', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const tracker = setup({ consent: {} });
      tracker.start();
      tracker.pageView();
      tracker.trackEvent('cta_clicked', { cta: 'a' });
      tracker.trackEvent('cta_clicked', { cta: 'b' });
      const consentWarnings = warn.mock.calls.filter(([m]) => String(m).includes('consent'));
      expect(consentWarnings).toHaveLength(1);
      expect(String(consentWarnings[0]![0])).toMatch(/collector:http:\/\/collector\.test.*denied.*setConsent\(\{ analytics_storage: "granted" \}\).*consent: \{ default:/s);
      const debug = tracker.debug();
      expect(debug.started).toBe(true);
      expect(debug.consent.analytics_storage).toBe('denied');
      expect(debug.destinations['ga4:G-ABC123']).toEqual({ sent: 3, held: 0, dropped: {} });
      expect(debug.destinations['collector:http://collector.test']).toEqual({ sent: 0, held: 0, dropped: { consent_denied: 3 } });
      expect(debug.recentDrops.at(-1)).toMatchObject({
        reason: 'consent_denied',
        event: 'cta_clicked',
        destination: 'collector:http://collector.test',
      });
      tracker.setConsent({ analytics_storage: 'granted' });
      tracker.trackEvent('cta_clicked', { cta: 'c' });
      expect(tracker.debug().destinations['collector:http://collector.test']).toMatchObject({ sent: 1, held: 1 });
      await tracker.flush();
      expect(tracker.debug().destinations['collector:http://collector.test']).toMatchObject({ sent: 1, held: 0 });
      expect(stored.map((e) => e.name)).toEqual(['cta_clicked']);
    } finally {
      warn.mockRestore();
    }
  });

  it('counts events held before start()', () => {
    const tracker = setup();
    tracker.trackEvent('cta_clicked', { cta: 'a' });
    expect(tracker.debug()).toMatchObject({ started: false, held: { beforeStart: 1, awaitingPageView: 0 } });
  });
});
