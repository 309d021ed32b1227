// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { EventMap } from './fixtures/taxonomy.js';
import { createTracker, ga4, type Plugin } from '../src/index.js';
import { makeTracker, sentEvents, startTracker, taxonomy, useCleanPage } from './helpers.js';

useCleanPage();

describe('pipeline', () => {
  it('buckets raw numbers and never sends them', () => {
    const tracker = startTracker();
    tracker.trackEvent('output_corrected', { feature: 'rewrite', edited_chars: 120 });
    expect(sentEvents()).toEqual([['output_corrected', { feature: 'rewrite', edit_size_bucket: '50-200', send_to: 'G-ABC123' }]]);
  });

  it('fills declared params from the shared context, explicit values win', () => {
    const tracker = startTracker();
    tracker.setContext({ plan_type: 'pro', model: 'gpt-4.1', release: '1.2.3' });
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    tracker.trackEvent('regeneration_clicked', { feature: 'rewrite', model: 'claude-haiku-4-5' });
    expect(sentEvents().map(([, p]) => p)).toEqual([
      { feature: 'rewrite', plan_type: 'pro', send_to: 'G-ABC123' },
      { feature: 'rewrite', model: 'claude-haiku-4-5', plan_type: 'pro', send_to: 'G-ABC123' },
    ]);
  });

  it('drops invalid events in development with a violation and an invalid_event count', () => {
    const tracker = startTracker({ violations: 'hook' });
    // @ts-expect-error a free string where an enum is declared
    tracker.trackEvent('feature_used', { feature: 'freestyle' });
    // @ts-expect-error an unknown event
    tracker.trackEvent('made_up_event', {});
    expect(sentEvents()).toEqual([]);
    expect(tracker.dropCounts().invalid_event).toBe(2);
  });

  it('refuses bad values in production too, and runs a validate the app passes itself', () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const onViolation = vi.fn();
      const validate = vi.fn((name: string) => (name === 'upgrade_clicked' ? ['upgrade_clicked.source: does not match the app rule'] : []));
      const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false }, onViolation, validate });
      tracker.start();
      // @ts-expect-error an undeclared param
      tracker.trackEvent('feature_used', { feature: 'rewrite', prompt_text: 'hello' });
      // @ts-expect-error a raw bucket value that is not a number
      tracker.trackEvent('output_corrected', { feature: 'rewrite', edited_chars: 'many' });
      tracker.trackEvent('output_corrected', { feature: 'rewrite', edited_chars: Number.NaN });
      tracker.trackEvent('upgrade_clicked', { source: 'pricing', plan_type: 'pro' });
      tracker.trackEvent('feature_used', { feature: 'rewrite' });
      expect(sentEvents()).toEqual([['feature_used', { feature: 'rewrite', send_to: 'G-ABC123' }]]);
      expect(tracker.dropCounts().invalid_event).toBe(4);
      expect(validate).toHaveBeenCalledWith('upgrade_clicked', expect.anything(), 'wire');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('throws violations in development by default and only calls the hook in production', () => {
    const tracker = startTracker();
    // @ts-expect-error wrong enum literal
    expect(() => tracker.trackEvent('feature_used', { feature: 'nope' })).toThrow(/feature_used\.feature/);
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const onViolation = vi.fn();
      const prod = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], pageViews: { auto: false }, violations: 'throw', onViolation });
      prod.start();
      // @ts-expect-error wrong enum literal
      expect(() => prod.trackEvent('feature_used', { feature: 'nope' })).not.toThrow();
      // @ts-expect-error unknown event
      expect(() => prod.trackEvent('nope', { a: 1 })).not.toThrow();
      expect(onViolation).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('scrubs PII from free-text params and drops enum params that carry PII', () => {
    const tracker = createTracker<Record<string, Record<string, unknown>>>({
      taxonomy: {
        events: { feedback_sent: { owner: 'client', required: ['comment', 'rating'], optional: ['page'] } },
        enums: { rating: ['up', 'down'] },
      },
      destinations: [ga4({ measurementId: 'G-ABC123' })],
      pageViews: { auto: false },
      violations: 'hook',
    });
    tracker.start();
    tracker.trackEvent('feedback_sent', { comment: 'mail me at jane@example.com or +1 415 555 2671', rating: 'up' });
    tracker.trackEvent('feedback_sent', { comment: 'fine', rating: 'jane@example.com' });
    expect(sentEvents()).toEqual([
      ['feedback_sent', { comment: 'mail me at [email] or [phone]', rating: 'up', send_to: 'G-ABC123' }],
    ]);
    expect(tracker.dropCounts().pii_blocked).toBe(1);
    tracker.shutdown();
  });

  it('enforces GA4 limits: too many params and reserved names drop, long values are truncated', () => {
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`p${i}`, i]));
    const tracker = createTracker<Record<string, Record<string, unknown>>>({
      taxonomy: {
        events: {
          wide_event: { owner: 'client', required: Object.keys(many), optional: [] },
          session_start: { owner: 'client', required: [], optional: [] },
          note_added: { owner: 'client', required: ['note'], optional: [] },
        },
      },
      destinations: [ga4({ measurementId: 'G-ABC123' })],
      pageViews: { auto: false },
      violations: 'hook',
    });
    tracker.start();
    tracker.trackEvent('wide_event', many);
    tracker.trackEvent('session_start');
    tracker.trackEvent('note_added', { note: 'word '.repeat(40) });
    expect(sentEvents().map(([n]) => n)).toEqual(['note_added']);
    expect((sentEvents()[0]![1].note as string).length).toBe(100);
    expect(tracker.dropCounts().limit_exceeded).toBe(2);
    tracker.shutdown();
  });

  it('refuses server-owned events from the browser (they would be counted twice)', () => {
    const tracker = startTracker({ violations: 'hook' });
    tracker.trackEvent('checkout_completed', { target_plan: 'pro', billing_interval: 'monthly', value: 20, currency: 'EUR', transaction_id: 'cs_test_a1B2c3D4e5' });
    expect(sentEvents()).toEqual([]);
    expect(tracker.dropCounts().invalid_event).toBe(1);
  });

  it('runs extra plugins and counts their drops with the reason they give', () => {
    const blockRewrite: Plugin = {
      name: 'block-rewrite',
      processEvent: (event, context) => {
        if (event.params.feature !== 'rewrite') return event;
        context.drop('consent_denied', 'user opted out of rewrite analytics');
        return null;
      },
    };
    const tracker = startTracker({ plugins: [blockRewrite] });
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    tracker.trackEvent('feature_used', { feature: 'expand' });
    expect(sentEvents().map(([, p]) => p.feature)).toEqual(['expand']);
    expect(tracker.dropCounts().consent_denied).toBe(1);
  });

  it('is safe to create without a DOM and before start()', () => {
    const tracker = createTracker<EventMap>({ taxonomy, destinations: [ga4({ measurementId: 'G-ABC123' })] });
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect((window as unknown as { dataLayer?: unknown }).dataLayer).toBeUndefined();
    tracker.shutdown();
  });
});
