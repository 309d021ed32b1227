// @vitest-environment jsdom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collector, createTracker, ga4, gtm, type Destination } from '../src/index.js';
import { fixtureTaxonomy, type FixtureEvents } from './fixtures/taxonomy.js';
import { gtagEvents, layer, useCleanPage } from './helpers.js';

interface Stored {
  name: string;
  params: Record<string, unknown>;
}
const stored: Stored[] = [];
const server = setupServer(
  http.post('http://collector.test/mp/collect', async ({ request }) => {
    stored.push(...(JSON.parse(await request.text()) as { events: Stored[] }).events);
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

function setup(destinations: Destination[]) {
  const tracker = createTracker<FixtureEvents>({
    taxonomy: fixtureTaxonomy,
    destinations,
    consent: { default: { analytics_storage: 'granted' } },
    pageViews: { auto: false },
  });
  trackers.push(tracker);
  tracker.start();
  return tracker;
}

describe('a param JSON cannot hold', () => {
  it('drops only that event (typed reason), throws nowhere, and delivers the events batched with it', async () => {
    const tracker = setup([collector({ endpoint: 'http://collector.test', flushIntervalMs: 10_000 })]);
    tracker.trackEvent('cta_clicked', { cta: 'first' });
    tracker.trackEvent('items_viewed', { items: [{ quantity: 10n }] });
    tracker.trackEvent('items_viewed', {
      items: [
        {
          toJSON() {
            throw new Error('toJSON exploded');
          },
        },
      ],
    });
    tracker.trackEvent('cta_clicked', { cta: 'last' });
    await tracker.flush();
    expect(stored.map((e) => [e.name, e.params.cta])).toEqual([
      ['cta_clicked', 'first'],
      ['cta_clicked', 'last'],
    ]);
    expect(tracker.dropCounts().invalid_event).toBe(2);
    const drops = tracker.debug().recentDrops;
    expect(drops.map((d) => [d.reason, d.event, d.destination])).toEqual([
      ['invalid_event', 'items_viewed', 'collector:http://collector.test'],
      ['invalid_event', 'items_viewed', 'collector:http://collector.test'],
    ]);
    expect(drops[0]!.detail).toMatch(/cannot be serialised to JSON.*BigInt/);
    expect(drops[1]!.detail).toMatch(/toJSON exploded/);
  });
});

describe('__proto__, constructor and prototype keys inside object params', () => {
  const hostile = () =>
    JSON.parse(
      '{"items":[{"__proto__":{"polluted":"yes"},"item_id":"sku_1","constructor":"c","prototype":"p"}],' +
        '"note":{"nested":{"__proto__":{"polluted":"yes"},"ok":1}}}',
    ) as FixtureEvents['items_viewed'];

  const assertData = (params: Record<string, unknown>) => {
    const [item] = params.items as Record<string, unknown>[];
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(item!.polluted).toBeUndefined();
    expect(item).toEqual({ item_id: 'sku_1', constructor: 'c', prototype: 'p' });
    const nested = (params.note as { nested: Record<string, unknown> }).nested;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(nested.polluted).toBeUndefined();
    expect(nested.ok).toBe(1);
  };

  it('never become prototypes: gtag, the GTM dataLayer and the collector get data', async () => {
    const tracker = setup([
      ga4({ measurementId: 'G-ABC123' }),
      gtm({ containerId: 'GTM-AB12CD3', dataLayerName: 'taxonLayer' }),
      collector({ endpoint: 'http://collector.test', flushIntervalMs: 10_000 }),
    ]);
    tracker.trackEvent('items_viewed', hostile());
    await tracker.flush();
    assertData(gtagEvents()[0]![1]);
    const pushed = (layer('taxonLayer') as Record<string, unknown>[]).find((e) => e.event === 'items_viewed')!;
    expect(Object.getPrototypeOf(pushed)).toBe(Object.prototype);
    assertData(pushed);
    const [event] = stored;
    expect(event!.name).toBe('items_viewed');
    expect((event!.params.items as Record<string, unknown>[])[0]).toEqual({ item_id: 'sku_1', constructor: 'c', prototype: 'p' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('keepalive', () => {
  it('is set only while the body fits the browser keepalive budget', async () => {
    const inits: RequestInit[] = [];
    Object.defineProperty(window, 'fetch', {
      configurable: true,
      value: async (_url: string, init: RequestInit) => {
        inits.push(init);
        return new Response(null, { status: 204 });
      },
    });
    try {
      const tracker = setup([collector({ endpoint: 'http://collector.test', flushIntervalMs: 10_000 })]);
      tracker.trackEvent('cta_clicked', { cta: 'small' });
      await tracker.flush();
      // Array params are not cut to 100 characters: 70 kB of items is one 70 kB body.
      tracker.trackEvent('items_viewed', { items: Array.from({ length: 700 }, (_, i) => ({ item_id: `sku_${i}`.padEnd(90, 'x') })) });
      await tracker.flush();
      expect(inits.map((i) => [String(i.body).length > 64 * 1024, i.keepalive])).toEqual([
        [false, true],
        [true, false],
      ]);
    } finally {
      delete (window as { fetch?: unknown }).fetch;
    }
  });
});
