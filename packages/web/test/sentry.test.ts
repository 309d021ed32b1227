// @vitest-environment jsdom
import * as Sentry from '@sentry/browser';
import type { ErrorEvent } from '@sentry/browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ga4, sentryBridge } from '../src/index.js';
import { makeTracker, useCleanPage } from './helpers.js';

useCleanPage();
const captured: ErrorEvent[] = [];

beforeAll(() => {
  Sentry.init({
    dsn: 'https://public@o0.ingest.sentry.io/0',
    defaultIntegrations: false,
    // Keep the event in-process: nothing goes over the network.
    beforeSend(event) {
      captured.push(event);
      return null;
    },
  });
});
beforeEach(() => {
  captured.length = 0;
  Sentry.getCurrentScope().clearBreadcrumbs();
  // Sentry.setTag/addBreadcrumb write to the isolation scope.
  const isolation = Sentry.getIsolationScope();
  isolation.clearBreadcrumbs();
  for (const key of ['feature', 'model', 'plan_type', 'error_type', 'release', 'correlation_id']) isolation.setTag(key, undefined);
});
afterAll(() => Sentry.close());

const analyticsCrumbs = (event: ErrorEvent) => (event.breadcrumbs ?? []).filter((b) => b.category === 'analytics');

describe('Sentry bridge (real @sentry/browser)', () => {
  it('turns tracked events into breadcrumbs and shared ids into tags', async () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], sentry: sentryBridge(Sentry), pageViews: { auto: false } });
    tracker.start();
    tracker.setContext({ plan_type: 'pro', release: 'web@1.4.0' });
    tracker.trackEvent('regeneration_clicked', { feature: 'summarize', model: 'claude-sonnet-4-5' });
    Sentry.captureException(new Error('boom'));
    await Sentry.flush(100);
    expect(captured).toHaveLength(1);
    const [crumb] = analyticsCrumbs(captured[0]!);
    expect(crumb).toMatchObject({ category: 'analytics', message: 'regeneration_clicked', data: { feature: 'summarize', model: 'claude-sonnet-4-5', plan_type: 'pro' } });
    expect(captured[0]!.tags).toMatchObject({ feature: 'summarize', model: 'claude-sonnet-4-5', plan_type: 'pro', release: 'web@1.4.0' });
  });

  it('records a failed generation with its error_type so the next error carries the trail', async () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], sentry: sentryBridge(Sentry), pageViews: { auto: false } });
    tracker.start();
    const generation = tracker.startGeneration({ feature: 'rewrite', model: 'gpt-4.1', plan_type: 'free' });
    generation.fail('ai_timeout');
    Sentry.captureException(new Error('request timed out'));
    await Sentry.flush(100);
    const crumbs = analyticsCrumbs(captured[0]!);
    expect(crumbs.map((c) => c.message)).toEqual(['generation_started', 'generation_failed']);
    expect(crumbs[1]).toMatchObject({ level: 'error', data: { error_type: 'ai_timeout', correlation_id: generation.correlationId, sent_by: 'server' } });
    expect(captured[0]!.tags).toMatchObject({ error_type: 'ai_timeout', feature: 'rewrite', model: 'gpt-4.1' });
    // The id the server span carries as taxon.correlation_id: searchable on the Sentry event.
    expect(captured[0]!.tags).toMatchObject({ correlation_id: generation.correlationId });
  });

  it('puts only scrubbed data in breadcrumbs', async () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], sentry: sentryBridge(Sentry) });
    window.history.replaceState(null, '', '/share?email=jane@example.com&to=bob%40example.com');
    document.title = 'Shared with bob@example.com';
    tracker.start();
    Sentry.captureException(new Error('x'));
    await Sentry.flush(100);
    const [crumb] = analyticsCrumbs(captured[0]!);
    expect(crumb!.message).toBe('page_view');
    expect(JSON.stringify(crumb)).not.toMatch(/jane|bob/);
    expect(crumb!.data).toMatchObject({ page_location: 'http://localhost:3000/share?to=[email]', page_title: 'Shared with [email]' });
  });

  it('marks abandoned lifecycles in Sentry', async () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], sentry: sentryBridge(Sentry), pageViews: { auto: false }, violations: 'hook' });
    tracker.start();
    tracker.startCheckout({ target_plan: 'pro', billing_interval: 'monthly' });
    window.dispatchEvent(new Event('pagehide'));
    Sentry.captureException(new Error('x'));
    await Sentry.flush(100);
    expect(analyticsCrumbs(captured[0]!).map((c) => [c.message, c.level])).toEqual([
      ['checkout_started', 'info'],
      ['checkout abandoned', 'warning'],
    ]);
  });

  it('tells development that `sentry` takes the bridge, not the SDK, and tracks without it', () => {
    const onViolation = vi.fn();
    // @ts-expect-error the SDK namespace where the bridge belongs
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], sentry: Sentry, onViolation, violations: 'hook', pageViews: { auto: false } });
    expect(onViolation).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('sentryBridge(Sentry)') }));
    tracker.start();
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    Sentry.captureException(new Error('boom'));
    expect(analyticsCrumbs(captured[0]!)).toEqual([]);
  });
});
