// @vitest-environment jsdom
import type { MetricWithAttribution } from 'web-vitals/attribution';
import { describe, expect, it } from 'vitest';
import { collector, ga4 } from '../src/index.js';
import { trackWebVitals, webVitalParams, type WebVitalsReporters } from '../src/web-vitals.js';
import { gtagEvents, makeTracker, useCleanPage } from './helpers.js';

useCleanPage();

type Callback = (metric: MetricWithAttribution) => void;

/** Stands in for web-vitals' onLCP/onINP/...: keeps the callback so the test can report metrics. */
function fakeReporters() {
  const callbacks: Partial<Record<string, Callback>> = {};
  const reporter = (name: string) => (cb: Callback) => {
    callbacks[name] = cb;
  };
  const reporters: WebVitalsReporters = {
    onLCP: reporter('LCP'), onINP: reporter('INP'), onCLS: reporter('CLS'), onFCP: reporter('FCP'), onTTFB: reporter('TTFB'),
  };
  const report = (metric: Partial<MetricWithAttribution> & Pick<MetricWithAttribution, 'name' | 'value' | 'delta' | 'id'>) =>
    callbacks[metric.name]!({ rating: 'good', entries: [], navigationType: 'navigate', navigationId: 1, attribution: {}, ...metric } as MetricWithAttribution);
  return { reporters, report };
}

describe('web-vitals', () => {
  it('maps metrics to the GA4 recipe params (CLS x1000, debug_target from attribution)', () => {
    const lcp = { name: 'LCP', value: 2100.4, delta: 2100.4, id: 'v5-1', rating: 'good', attribution: { target: 'main > img.hero' } } as unknown as MetricWithAttribution;
    expect(webVitalParams(lcp)).toEqual({ value: 2100, metric_id: 'v5-1', metric_value: 2100.4, metric_delta: 2100.4, metric_rating: 'good', debug_target: 'main > img.hero' });
    const cls = { name: 'CLS', value: 0.12, delta: 0.05, id: 'v5-2', rating: 'needs-improvement', attribution: { largestShiftTarget: '#banner' } } as unknown as MetricWithAttribution;
    expect(webVitalParams(cls)).toMatchObject({ value: 50, metric_value: 0.12, metric_delta: 0.05, debug_target: '#banner' });
  });

  it('sends each metric once per page load through the pipeline, scrubbing debug_target', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false } });
    tracker.start();
    const { reporters, report } = fakeReporters();
    trackWebVitals(tracker, { reporters });
    report({ name: 'LCP', value: 1800, delta: 1800, id: 'a', attribution: { target: 'div#user-jane@example.com' } as never });
    report({ name: 'INP', value: 120, delta: 120, id: 'b', attribution: { interactionTarget: 'button.generate' } as never });
    report({ name: 'CLS', value: 0.02, delta: 0.02, id: 'c' });
    report({ name: 'CLS', value: 0.05, delta: 0.03, id: 'c' });
    report({ name: 'FCP', value: 900, delta: 900, id: 'd' });
    report({ name: 'TTFB', value: 300, delta: 300, id: 'e' });
    const events = gtagEvents();
    expect(events.map(([n]) => n)).toEqual(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']);
    expect(events[0]![1]).toMatchObject({ value: 1800, metric_id: 'a', debug_target: 'div#[email]' });
    expect(events[1]![1]).toMatchObject({ debug_target: 'button.generate' });
    expect(events[2]![1]).toMatchObject({ value: 20 });
  });

  it('is gated by consent like any event on the collector', async () => {
    const tracker = makeTracker({ destinations: [collector({ endpoint: 'http://collector.test' })], pageViews: { auto: false } });
    tracker.start();
    const { reporters, report } = fakeReporters();
    trackWebVitals(tracker, { reporters });
    report({ name: 'LCP', value: 1800, delta: 1800, id: 'a' });
    expect(tracker.dropCounts().consent_denied).toBe(1);
  });

  it('accepts only the five web-vitals names', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false } });
    tracker.start();
    tracker.trackWebVital('FID' as never, { value: 1 });
    expect(gtagEvents()).toEqual([]);
    expect(tracker.dropCounts().invalid_event).toBe(1);
  });

  it('a reporter that throws (an API the browser lacks) costs only its own metric', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false } });
    tracker.start();
    const { reporters, report } = fakeReporters();
    const missing = () => {
      throw new TypeError('PerformanceObserver is not defined');
    };
    trackWebVitals(tracker, { reporters: { ...reporters, onLCP: missing, onCLS: missing } });
    report({ name: 'INP', value: 120, delta: 120, id: 'b' });
    report({ name: 'TTFB', value: 300, delta: 300, id: 'e' });
    expect(gtagEvents().map(([n]) => n)).toEqual(['INP', 'TTFB']);
  });
});
