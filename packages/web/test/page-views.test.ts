// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ga4 } from '../src/index.js';
import { gtagCommands, gtagEvents, makeTracker, tick, useCleanPage } from './helpers.js';

useCleanPage();

const pageViews = () => gtagEvents().filter(([name]) => name === 'page_view').map(([, p]) => p);
const start = (options: Parameters<typeof makeTracker>[0] extends infer O ? Partial<O> : never = {}) => {
  const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], ...options });
  tracker.start();
  return tracker;
};

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
    await tick(20);
    document.title = 'Pricing';
    await tick(10);
    window.history.pushState(null, '', '/signup');
    await tick(250);
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
    await tick(0);
    expect(pageViews().at(-1)).toMatchObject({ page_location: 'http://localhost:3000/app/history', page_title: 'History' });
  });

  it('keeps waiting for the title when the router replaces the URL it just pushed', async () => {
    document.title = 'Home';
    start({ pageViews: { titleTimeoutMs: 1000 } });
    window.history.pushState(null, '', '/docs/42');
    window.history.replaceState({ key: 'k' }, '', '/docs/42');
    window.history.replaceState({ key: 'k' }, '', '/docs/42?utm_source=x');
    document.title = 'Doc 42';
    await tick(0);
    expect(pageViews().map((p) => p.page_title)).toEqual(['Home', 'Doc 42']);
  });

  it('ignores a replaceState flood that only changes ignored params', async () => {
    window.history.replaceState(null, '', '/app?filter=all');
    start({ pageViews: { ignoredParams: ['filter', 'sort'] } });
    for (let i = 0; i < 50; i++) window.history.replaceState(null, '', `/app?filter=f${i}&sort=s${i}&utm_source=x`);
    await tick(400);
    expect(pageViews()).toHaveLength(1);
    window.history.replaceState(null, '', '/app/other?filter=z');
    await tick(400);
    expect(pageViews()).toHaveLength(2);
  });

  it('sends nothing on route changes in manual mode until pageView() is called', async () => {
    const tracker = start({ pageViews: { auto: false } });
    window.history.pushState(null, '', '/a');
    await tick(400);
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
    await tick(5);
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
    await tick(400);
    expect(pageViews()).toHaveLength(1);
  });
});
