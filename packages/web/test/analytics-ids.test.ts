// @vitest-environment jsdom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdFromCookie, collector, ga4, sessionFromCookie } from '../src/index.js';
import { useFakeClock } from './fake-clock.js';
import { makeTracker, useCleanPage } from './helpers.js';

useCleanPage();
const server = setupServer(http.post('http://collector.test/mp/collect', () => new HttpResponse(null, { status: 204 })));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('getAnalyticsIds', () => {
  it('parses both _ga_<id> formats and the _ga cookie', () => {
    expect(clientIdFromCookie('GA1.1.1234567890.1700000000')).toBe('1234567890.1700000000');
    expect(clientIdFromCookie('GA1.2.98765.1600000000')).toBe('98765.1600000000');
    expect(clientIdFromCookie('garbage')).toBeUndefined();
    expect(sessionFromCookie('GS1.1.1700000100.3.1.1700000200.0.0.0')).toEqual({ sessionId: '1700000100', count: 3, lastSeen: 1700000200 });
    expect(sessionFromCookie('GS2.1.s1700000100$o4$g1$t1700000300$j60$l0$h0')).toEqual({ sessionId: '1700000100', count: 4, lastSeen: 1700000300 });
  });

  it('reads the cookies when gtag is not loaded (old session format)', async () => {
    document.cookie = '_ga=GA1.1.111.1700000000; path=/';
    document.cookie = '_ga_ABC123=GS1.1.1700000100.3.1.1700000200.0.0.0; path=/';
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false } });
    expect(await tracker.getAnalyticsIds()).toEqual({ clientId: '111.1700000000', sessionId: '1700000100' });
    tracker.start();
    expect(await tracker.getAnalyticsIds()).toEqual({ clientId: '111.1700000000', sessionId: '1700000100' });
  });

  it('reads the cookies in the new GS2 format', async () => {
    document.cookie = '_ga=GA1.1.222.1700000000; path=/';
    document.cookie = '_ga_ABC123=GS2.1.s1700000500$o2$g0$t1700000600$j0$l0$h0; path=/';
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false } });
    tracker.start();
    expect(await tracker.getAnalyticsIds()).toEqual({ clientId: '222.1700000000', sessionId: '1700000500' });
  });

  it('asks gtag when gtag.js is loaded', async () => {
    document.cookie = '_ga=GA1.1.333.1700000000; path=/';
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false } });
    tracker.start();
    // What gtag.js does once loaded: registers the tag and takes over dataLayer.push.
    const win = window as unknown as { google_tag_manager: Record<string, unknown>; dataLayer: { push: (a: IArguments) => void } };
    win.google_tag_manager = { 'G-ABC123': {} };
    win.dataLayer.push = (args: IArguments) => {
      const [command, , field, callback] = Array.from(args) as [string, string, string, (v: string) => void];
      if (command === 'get') callback(field === 'client_id' ? '444.1700000001' : '1700000999');
    };
    expect(await tracker.getAnalyticsIds()).toEqual({ clientId: '444.1700000001', sessionId: '1700000999' });
  });

  it('returns nothing rather than failing when there are no ids', async () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false } });
    tracker.start();
    expect(await tracker.getAnalyticsIds()).toEqual({});
  });
});

describe('decorateUrl and incoming ids', () => {
  it('adds tx_cid and tx_sid once analytics_storage is granted', () => {
    document.cookie = '_ga=GA1.1.555.1700000000; path=/';
    document.cookie = '_ga_ABC123=GS2.1.s1700000700$o1$g1$t1700000800$j0$l0$h0; path=/';
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false } });
    tracker.start();
    expect(tracker.decorateUrl('https://writer.ai/app?plan=pro#top')).toBe('https://writer.ai/app?plan=pro#top');
    tracker.setConsent({ analytics_storage: 'granted' });
    expect(tracker.decorateUrl('https://writer.ai/app?plan=pro#top')).toBe(
      'https://writer.ai/app?plan=pro&tx_cid=555.1700000000&tx_sid=1700000700#top',
    );
    expect(tracker.decorateUrl('mailto:someone')).toBe('mailto:someone');
  });

  it('adopts incoming ids on the other domain, strips them from the URL and passes client_id to gtag', async () => {
    const clock = useFakeClock();
    window.history.replaceState(null, '', '/welcome?tx_cid=555.1700000000&tx_sid=1700000700&plan=pro');
    const tracker = makeTracker({
      destinations: [collector({ endpoint: 'http://collector.test', measurementId: 'G-TAXON01' }), ga4({ measurementId: 'G-ABC123' })],
      consent: { default: { analytics_storage: 'granted' } },
    });
    tracker.start();
    const win = window as unknown as { dataLayer: IArguments[] };
    const config = win.dataLayer.map((a) => Array.from(a)).find((c) => c[0] === 'config')!;
    expect(config[2]).toMatchObject({ client_id: '555.1700000000' });
    document.querySelector('script')!.dispatchEvent(new Event('load'));
    // The tag reads the linker params on the next timer turn: virtual time, not a sleep.
    await clock.advance(5);
    expect(window.location.search).toBe('?plan=pro');
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    expect(document.cookie).toBe('');
    await tracker.flush();
    expect(tracker.dropCounts().network_error).toBe(0);
    expect(document.cookie).toContain('_ga=GA1.1.555.1700000000');
    expect(document.cookie).toContain('_ga_TAXON01=GS2.1.s1700000700$');
  });
});
