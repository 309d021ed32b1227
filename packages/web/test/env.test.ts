// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createTracker, env, ga4, lifecycles } from '../src/index.js';
import { gtagEvents, makeTracker, sentEvents, useCleanPage } from './helpers.js';

useCleanPage();

describe('env layer', () => {
  it('lets a host without a window (SSR) create, track and start without touching anything', () => {
    env.setup({ window: () => undefined });
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })] });
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    tracker.pageView();
    tracker.start();
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect((window as unknown as { dataLayer?: unknown }).dataLayer).toBeUndefined();
    // Back in a browser, start() delivers what was queued.
    env.reset();
    tracker.start();
    expect(gtagEvents().map(([n]) => n)).toEqual(['page_view', 'feature_used']);
  });

  it('drives time through env.now (lifecycle durations)', () => {
    let now = 1_000;
    env.setup({ now: () => now });
    // A client-owned terminal that declares the duration bucket (in the fixture taxonomy the
    // generation terminals are server-owned and signup declares no duration).
    const tracker = createTracker<{
      export_started: Record<string, never>;
      export_completed: { duration_ms?: number };
      export_failed: { reason: 'too_big' };
    }>({
      taxonomy: {
        events: {
          export_started: { owner: 'client', required: [], optional: [] },
          export_completed: { owner: 'client', required: ['duration_bucket'], optional: [] },
          export_failed: { owner: 'client', required: ['reason'], optional: [] },
        },
        buckets: { duration_ms: { param: 'duration_bucket', toLabel: (ms) => (ms < 2000 ? 'fast' : 'slow') } },
        lifecycles: [{ stem: 'export', started: 'export_started', completed: 'export_completed', failed: 'export_failed' }],
      },
      destinations: [ga4({ measurementId: 'G-DEF456' })],
      pageViews: { auto: false },
      features: [lifecycles()],
    });
    tracker.start();
    const handle = tracker.startExport();
    now += 4_500;
    handle.complete();
    expect(sentEvents()).toEqual([['export_started', { send_to: 'G-DEF456' }], ['export_completed', { duration_bucket: 'slow', send_to: 'G-DEF456' }]]);
    tracker.shutdown();
  });
});
