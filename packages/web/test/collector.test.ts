// @vitest-environment jsdom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collector, ga4 } from '../src/index.js';
import { useFakeClock } from './fake-clock.js';
import { gtagEvents, makeTracker, tick, useCleanPage } from './helpers.js';

interface Batch {
  measurementId: string | null;
  body: { client_id: string; user_id?: string; events: { name: string; timestamp_micros?: number; params: Record<string, unknown> }[] };
}
const received: Batch[] = [];
let status = 204;
/** Requests answered 503 before `status` applies again. */
let failNext = 0;
const server = setupServer(
  http.post('http://collector.test/mp/collect', async ({ request }) => {
    received.push({ measurementId: new URL(request.url).searchParams.get('measurement_id'), body: JSON.parse(await request.text()) });
    if (failNext > 0) {
      failNext--;
      return new HttpResponse(null, { status: 503 });
    }
    return new HttpResponse(null, { status });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  received.length = 0;
  status = 204;
});
afterAll(() => server.close());
useCleanPage();

const events = () => received.flatMap((b) => b.body.events);
const makeCollector = () => collector({ endpoint: 'http://collector.test', measurementId: 'G-TAXON01', flushIntervalMs: 10_000 });

describe('collector destination', () => {
  it('sends nothing and writes no cookie while analytics_storage is denied; gtag still gets events', async () => {
    const onDrop = vi.fn();
    const tracker = makeTracker({ destinations: [makeCollector(), ga4({ measurementId: 'G-ABC123' })], onDrop });
    tracker.start();
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    await tracker.flush();
    expect(received).toEqual([]);
    expect(document.cookie).toBe('');
    expect(tracker.dropCounts().consent_denied).toBe(2);
    expect(onDrop).toHaveBeenCalledWith(expect.objectContaining({ reason: 'consent_denied', event: 'feature_used' }));
    expect(gtagEvents().map(([n]) => n)).toEqual(['page_view', 'feature_used']);
  });

  it('after consent is granted, posts MP-shaped batches with session ids, and no extra page view', async () => {
    const tracker = makeTracker({ destinations: [makeCollector()], consent: { default: { analytics_storage: 'denied' } } });
    tracker.start();
    tracker.setConsent({ analytics_storage: 'granted' });
    const before = Date.now();
    tracker.trackEvent('generation_rated', { rating: 'up', feature: 'summarize', model: 'gpt-4.1' });
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    const after = Date.now();
    await tracker.flush();
    expect(received).toHaveLength(1);
    const [batch] = received;
    expect(batch!.measurementId).toBe('G-TAXON01');
    expect(batch!.body.client_id).toMatch(/^\d+\.\d+$/);
    expect(batch!.body.events.map((e) => e.name)).toEqual(['generation_rated', 'feature_used']);
    for (const event of batch!.body.events) {
      // The time it was tracked, not the time the batch left.
      expect(event.timestamp_micros).toBeGreaterThanOrEqual(before * 1000);
      expect(event.timestamp_micros).toBeLessThanOrEqual(after * 1000);
      expect(event.params).toMatchObject({ session_id: expect.stringMatching(/^\d+$/), page_location: 'http://localhost:3000/' });
      expect(event.params.engagement_time_msec).toBeGreaterThan(0);
    }
    expect(document.cookie).toMatch(/_ga=GA1\.1\.\d+\.\d+/);
    expect(document.cookie).toMatch(/_ga_TAXON01=GS2\.1\.s\d+\$o1\$g1\$t\d+/);
    const ids = await tracker.getAnalyticsIds();
    expect(ids).toEqual({ clientId: batch!.body.client_id, sessionId: batch!.body.events[0]!.params.session_id });
  });

  it('on revoke drops what is queued and deletes the _ga cookies; a later grant starts a new client id', async () => {
    const tracker = makeTracker({ destinations: [makeCollector()], consent: { default: { analytics_storage: 'granted' } } });
    tracker.start();
    await tracker.flush();
    const first = received[0]!.body.client_id;
    expect(document.cookie).toMatch(/_ga=GA1/);
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    tracker.setConsent({ analytics_storage: 'denied' });
    expect(document.cookie).toBe('');
    expect(tracker.dropCounts().consent_denied).toBe(1);
    await tracker.flush();
    expect(events().map((e) => e.name)).toEqual(['page_view']);
    tracker.setConsent({ analytics_storage: 'granted' });
    tracker.trackEvent('feature_used', { feature: 'expand' });
    await tracker.flush();
    expect(events().map((e) => e.name)).toEqual(['page_view', 'feature_used']);
    expect(received[1]!.body.client_id).not.toBe(first);
  });

  it('delivers events tracked before start() in order, after the first page view', async () => {
    const tracker = makeTracker({ destinations: [makeCollector()], consent: { default: { analytics_storage: 'granted' } } });
    tracker.trackEvent('landing_viewed', { acquisition_channel: 'direct' });
    tracker.trackEvent('signup_started', { source: 'landing' });
    tracker.trackEvent('feature_used', { feature: 'expand' });
    expect(received).toHaveLength(0);
    tracker.start();
    await tracker.flush();
    expect(events().map((e) => e.name)).toEqual(['page_view', 'landing_viewed', 'signup_started', 'feature_used']);
  });

  it('bounds the queue before start() and counts overflow', async () => {
    const tracker = makeTracker({ destinations: [makeCollector()], consent: { default: { analytics_storage: 'granted' } }, queueSize: 3, pageViews: { auto: false } });
    for (const feature of ['rewrite', 'summarize', 'expand', 'translate', 'tone_adjust'] as const) tracker.trackEvent('feature_used', { feature });
    tracker.start();
    await tracker.flush();
    expect(events().map((e) => e.params.feature)).toEqual(['expand', 'translate', 'tone_adjust']);
    expect(tracker.dropCounts().queue_overflow).toBe(2);
  });

  it('uses sendBeacon when the page is hidden', async () => {
    const beacons: { url: string; body: string }[] = [];
    Object.defineProperty(window.navigator, 'sendBeacon', {
      configurable: true,
      value: (url: string, body: string) => beacons.push({ url, body }) > 0,
    });
    const tracker = makeTracker({ destinations: [makeCollector()], consent: { default: { analytics_storage: 'granted' } } });
    tracker.start();
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    window.dispatchEvent(new Event('pagehide'));
    await tick();
    expect(received).toHaveLength(0);
    expect(beacons).toHaveLength(1);
    expect(beacons[0]!.url).toBe('http://collector.test/mp/collect?measurement_id=G-TAXON01');
    expect(JSON.parse(beacons[0]!.body).events.map((e: { name: string }) => e.name)).toEqual(['page_view', 'feature_used']);
    delete (window.navigator as { sendBeacon?: unknown }).sendBeacon;
  });

  it('retries a failing collector, then counts the events as network errors', async () => {
    const clock = useFakeClock();
    status = 500;
    const tracker = makeTracker({ destinations: [makeCollector()], consent: { default: { analytics_storage: 'granted' } }, pageViews: { auto: false } });
    tracker.start();
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    const flushed = tracker.flush();
    await clock.advance(10_000);
    await flushed;
    expect(received).toHaveLength(3);
    expect(tracker.dropCounts().network_error).toBe(1);
    expect(tracker.debug().destinations['collector:http://collector.test']!.dropped).toEqual({ network_error: 1 });
  });

  it('delivers a batch the collector refused once (503) on the retry, counting nothing lost', async () => {
    const clock = useFakeClock();
    failNext = 1;
    const tracker = makeTracker({ destinations: [makeCollector()], consent: { default: { analytics_storage: 'granted' } }, pageViews: { auto: false } });
    tracker.start();
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    const flushed = tracker.flush();
    await clock.advance(10_000);
    await flushed;
    expect(events().map((e) => e.name)).toEqual(['feature_used', 'feature_used']);
    expect(tracker.dropCounts().network_error).toBe(0);
  });

  it('batches at most 25 events per request', async () => {
    const tracker = makeTracker({ destinations: [makeCollector()], consent: { default: { analytics_storage: 'granted' } }, pageViews: { auto: false } });
    tracker.start();
    for (let i = 0; i < 30; i++) tracker.trackEvent('feature_used', { feature: 'rewrite' });
    await tracker.flush();
    expect(received.map((b) => b.body.events.length)).toEqual([25, 5]);
  });
});
