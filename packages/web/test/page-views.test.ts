// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { ga4 } from '../src/index.js';
import {
  gtagCommands,
  gtagEvents,
  makeTracker,
  startTracker,
  useCleanPage,
  type TestTrackerOptions,
} from './helpers.js';
import { settle, useFakeClock } from './fake-clock.js';

useCleanPage();

// Virtual time: the title waits and route debouncing run on env's timer, which `clock.advance`
// moves, so no test sleeps. `settle()` is one real macrotask turn, for MutationObserver records.
let clock: ReturnType<typeof useFakeClock>;
beforeEach(() => {
  clock = useFakeClock();
});

const pageViews = () => gtagEvents().filter(([name]) => name === 'page_view').map(([, p]) => p);
// Automatic page views on unless a test turns them off.
const start = (options: Partial<TestTrackerOptions> = {}) => startTracker({ pageViews: {}, ...options });

describe('page views', () => {
  it('sends exactly one page view when automatic tracking and a manual call see the same route', () => {
    document.title = 'Home';
    const tracker = start();
    tracker.pageView();
    tracker.pageView({ title: 'Home' });
    expect(pageViews()).toHaveLength(1);
    // The config never lets gtag send its own page view (pitfall: default config + manual).
    expect(gtagCommands().find((c) => c[0] === 'config')![2]).toMatchObject({ send_page_view: false });
  });

  it('sends one page view per route change, with the new title and path', async () => {
    document.title = 'Home';
    start({ pageViews: { titleTimeoutMs: 200 } });
    window.history.pushState(null, '', '/pricing');
    // The router renders the new title a moment after the URL changes.
    await clock.advance(20);
    document.title = 'Pricing';
    await clock.advance(10);
    window.history.pushState(null, '', '/signup');
    await clock.advance(250);
    expect(pageViews().map((p) => [p.page_location, p.page_title])).toEqual([
      ['http://localhost:3000/', 'Home'],
      ['http://localhost:3000/pricing', 'Pricing'],
      ['http://localhost:3000/signup', 'Pricing'],
    ]);
    expect(pageViews()[1]!.page_referrer).toBe('http://localhost:3000/');
  });

  it('does not report a stale title on client navigation', async () => {
    document.title = 'Home';
    start({ pageViews: { titleTimeoutMs: 1000 } });
    window.history.pushState(null, '', '/app/history');
    expect(pageViews()).toHaveLength(1);
    document.title = 'History';
    await settle();
    expect(pageViews().at(-1)).toMatchObject({ page_location: 'http://localhost:3000/app/history', page_title: 'History' });
  });

  it('keeps waiting for the title when the router replaces the URL it just pushed', async () => {
    document.title = 'Home';
    start({ pageViews: { titleTimeoutMs: 1000 } });
    window.history.pushState(null, '', '/docs/42');
    window.history.replaceState({ key: 'k' }, '', '/docs/42');
    window.history.replaceState({ key: 'k' }, '', '/docs/42?utm_source=x');
    document.title = 'Doc 42';
    await settle();
    expect(pageViews().map((p) => p.page_title)).toEqual(['Home', 'Doc 42']);
  });

  it('ignores a replaceState flood that only changes ignored params', async () => {
    window.history.replaceState(null, '', '/app?filter=all');
    start({ pageViews: { ignoredParams: ['filter', 'sort'] } });
    for (let i = 0; i < 50; i++) window.history.replaceState(null, '', `/app?filter=f${i}&sort=s${i}&utm_source=x`);
    await clock.advance(400);
    expect(pageViews()).toHaveLength(1);
    window.history.replaceState(null, '', '/app/other?filter=z');
    await clock.advance(400);
    expect(pageViews()).toHaveLength(2);
  });

  it('sends nothing for a replaceState that keeps the path and changes the query; a pushed query or a new path is a route', async () => {
    window.history.replaceState(null, '', '/app');
    start();
    window.history.replaceState(null, '', '/app?filter=recent');
    window.history.replaceState(null, '', '/app?filter=recent&tab=2');
    await clock.advance(400);
    expect(pageViews()).toHaveLength(1);
    window.history.pushState(null, '', '/app?filter=recent&tab=3');
    await clock.advance(400);
    window.history.replaceState(null, '', '/app/other?filter=recent');
    await clock.advance(400);
    expect(pageViews().map((p) => p.page_location)).toEqual([
      'http://localhost:3000/app',
      'http://localhost:3000/app?filter=recent&tab=3',
      'http://localhost:3000/app/other?filter=recent',
    ]);
  });

  it('sends nothing on route changes in manual mode until pageView() is called', async () => {
    const tracker = start({ pageViews: { auto: false } });
    window.history.pushState(null, '', '/a');
    await clock.advance(400);
    expect(pageViews()).toHaveLength(0);
    tracker.pageView();
    expect(pageViews()).toHaveLength(1);
  });

  it('scrubs page_location, page_title and page_referrer', () => {
    window.history.replaceState(null, '', '/u/jane%40example.com/settings?email=jane@example.com&token=abc&tab=2');
    document.title = 'Settings for jane@example.com';
    Object.defineProperty(document, 'referrer', { value: 'https://mail.example.com/?to=bob@example.com', configurable: true });
    start();
    const [view] = pageViews();
    expect(view).toMatchObject({ page_location: 'http://localhost:3000/u/[email]/settings?tab=2', page_title: 'Settings for [email]' });
    expect(JSON.stringify(view)).not.toMatch(/jane|bob|abc/);
    Object.defineProperty(document, 'referrer', { value: '', configurable: true });
  });

  it('sets ignore_referrer when the referrer is an own or checkout domain', () => {
    Object.defineProperty(document, 'referrer', { value: 'https://checkout.stripe.com/c/pay/cs_live_x', configurable: true });
    start({ pageViews: { ownDomains: ['writer.ai'], checkoutDomains: ['stripe.com'] } });
    expect(pageViews()[0]).toMatchObject({ ignore_referrer: true });
    Object.defineProperty(document, 'referrer', { value: 'https://news.ycombinator.com/', configurable: true });
  });

  it('leaves other referrers alone', () => {
    Object.defineProperty(document, 'referrer', { value: 'https://news.ycombinator.com/', configurable: true });
    start({ pageViews: { ownDomains: ['writer.ai'] } });
    expect(pageViews()[0]).not.toHaveProperty('ignore_referrer');
    expect(pageViews()[0]).toMatchObject({ page_referrer: 'https://news.ycombinator.com/' });
    Object.defineProperty(document, 'referrer', { value: '', configurable: true });
  });

  it('strips linker params from page_location, and from the address bar once the tag has read them', async () => {
    window.history.replaceState({ router: 'state' }, '', '/landing?_gl=1*1abc*_ga*MTIzNDU2Nzg5MC4xNzAwMDAwMDAw&plan=pro');
    start();
    expect(pageViews()[0]!.page_location).toBe('http://localhost:3000/landing?plan=pro');
    // Before gtag.js has loaded, the address bar still carries _gl for it to read.
    expect(window.location.search).toContain('_gl=');
    document.querySelector('script')!.dispatchEvent(new Event('load'));
    await clock.advance(5);
    expect(window.location.href).toBe('http://localhost:3000/landing?plan=pro');
    expect(window.history.state).toEqual({ router: 'state' });
    expect(pageViews()).toHaveLength(1);
  });

  it('sends no extra page view when consent is granted', () => {
    const tracker = start();
    tracker.setConsent({ analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' });
    expect(pageViews()).toHaveLength(1);
  });

  it('keeps one page view per route across StrictMode-style start/shutdown/start', () => {
    const tracker = start();
    tracker.shutdown();
    tracker.start();
    tracker.start();
    expect(pageViews()).toHaveLength(1);
    expect(document.querySelectorAll('script')).toHaveLength(1);
  });

  it('stops listening to history after shutdown', async () => {
    const tracker = start();
    tracker.shutdown();
    window.history.pushState(null, '', '/after');
    await clock.advance(400);
    expect(pageViews()).toHaveLength(1);
  });
});

const titles = () => pageViews().map((p) => [new URL(String(p.page_location)).pathname, p.page_title]);

describe('routeChanged (the title wait a router adapter uses)', () => {
  const routed = (titleTimeoutMs = 1000) => {
    document.title = 'Home';
    const tracker = start({ pageViews: { auto: false, titleTimeoutMs } });
    tracker.routeChanged();
    return tracker;
  };

  it('sends as soon as the title is non-empty and differs from the last page view title', async () => {
    const tracker = routed();
    window.history.pushState(null, '', '/pricing');
    // Next removes the old <title> with the old route and streams the new one in later.
    document.head.innerHTML = '';
    tracker.routeChanged();
    await settle();
    expect(titles()).toEqual([['/', 'Home']]);
    document.title = 'Pricing';
    await settle();
    expect(titles()).toEqual([['/', 'Home'], ['/pricing', 'Pricing']]);
  });

  it('sends with the title as it is after titleTimeoutMs when two routes share a title', async () => {
    const tracker = routed(50);
    window.history.pushState(null, '', '/about');
    tracker.routeChanged();
    await clock.advance(10);
    expect(titles()).toHaveLength(1);
    await clock.advance(60);
    expect(titles()).toEqual([['/', 'Home'], ['/about', 'Home']]);
  });

  it('sends without a title when the next route, the returned flush or a hidden page ends the wait', () => {
    const tracker = routed();
    window.history.pushState(null, '', '/a');
    const flushA = tracker.routeChanged();
    window.history.pushState(null, '', '/b');
    const flushB = tracker.routeChanged();
    flushA();
    expect(titles()).toEqual([['/', 'Home'], ['/a', undefined]]);
    flushB();
    flushB();
    expect(titles()).toEqual([['/', 'Home'], ['/a', undefined], ['/b', undefined]]);

    window.history.pushState(null, '', '/c');
    tracker.routeChanged();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    expect(titles().at(-1)).toEqual(['/c', undefined]);
  });

  it('waits for the title of a route reported before the address bar shows it (a server action redirect)', async () => {
    const tracker = routed();
    document.title = 'Pricing';
    window.history.pushState(null, '', '/pricing');
    tracker.routeChanged();
    await settle();
    // Next.js commits the redirect's route (the adapter reports /checkout) before it updates the URL.
    tracker.routeChanged({ location: `${window.location.origin}/checkout?plan=pro` });
    window.history.pushState(null, '', '/checkout?plan=pro');
    await settle();
    document.title = 'Checkout';
    await settle();
    expect(titles()).toEqual([['/', 'Home'], ['/pricing', 'Pricing'], ['/checkout', 'Checkout']]);
  });

  it("does not give a route the next route's title when the address bar moves first", async () => {
    const tracker = routed();
    window.history.pushState(null, '', '/a');
    tracker.routeChanged();
    // The router commits the next route (URL and <title>) before its effect calls routeChanged.
    window.history.pushState(null, '', '/b');
    document.title = 'B';
    await settle();
    tracker.routeChanged();
    await settle();
    expect(titles()).toEqual([['/', 'Home'], ['/a', undefined], ['/b', 'B']]);
  });

  it('keeps one wait for repeated calls on a route, and takes over from the history listener', async () => {
    document.title = 'Home';
    const tracker = start({ pageViews: { titleTimeoutMs: 1000 } });
    tracker.routeChanged();
    window.history.pushState(null, '', '/docs');
    await settle();
    tracker.routeChanged();
    tracker.routeChanged({ location: 'http://localhost:3000/docs?utm_source=x' });
    document.title = 'Docs';
    await settle();
    // The history listener is gone: only routeChanged made page views.
    window.history.pushState(null, '', '/elsewhere');
    document.title = 'Elsewhere';
    await settle();
    expect(titles()).toEqual([['/', 'Home'], ['/docs', 'Docs']]);
  });
});

describe('routeChanged before start', () => {
  it('leaves the first page view to the router adapter when it speaks before start()', async () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })] });
    // A child's effect (RouteTracker) runs before its parent's (AnalyticsProvider starts the
    // tracker); the first title has not streamed in yet.
    tracker.routeChanged();
    tracker.start();
    expect(pageViews()).toEqual([]);
    document.title = 'Home';
    await settle();
    window.history.pushState(null, '', '/pricing');
    await clock.advance(400);
    expect(titles()).toEqual([['/', 'Home']]);
  });
});
