// A generation that times out, seen from both sides: the server's generation_failed at the
// collector, and the browser's Sentry error (through the demo's tunnel) with the analytics trail.
import { describe, expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';
import { poll, type SentryEnvelope } from './lib/stack.js';
import { generate, landWithConsent, signUpAndOnboard } from './lib/walks.js';

const e2e = useE2E();

interface SentryEventPayload {
  tags?: Record<string, unknown>;
  breadcrumbs?: { category?: string; message?: string; level?: string; data?: Record<string, unknown> }[] |
    { values?: { category?: string; message?: string; level?: string; data?: Record<string, unknown> }[] };
  exception?: { values?: { type?: string; value?: string }[] };
}

const errorEvents = (envelopes: SentryEnvelope[]) => envelopes.flatMap((env) => env.items
  .filter((item) => item.header.type === 'event')
  .map((item) => item.payload as SentryEventPayload));

const breadcrumbsOf = (event: SentryEventPayload) =>
  (Array.isArray(event.breadcrumbs) ? event.breadcrumbs : event.breadcrumbs?.values) ?? [];

describe('a timed-out generation', () => {
  it('yields generation_failed (ai_timeout) at the collector and a Sentry error with the trail and tags', async () => {
    const { page } = e2e.session;
    await landWithConsent(page, e2e.stack);
    await signUpAndOnboard(page);
    const outcome = await generate(page, { scenario: 'timeout', feature: 'summarize', model: 'gpt-4.1-mini' });
    expect(outcome.kind).toBe('error');
    expect(outcome.text).toContain('ai_timeout');

    const events = await e2e.stack.waitForEvents((list) => list.some((e) => e.name === 'generation_failed'), 'generation_failed');
    const failed = events.filter((e) => e.name === 'generation_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.params).toMatchObject({ error_type: 'ai_timeout', feature: 'summarize', model: 'gpt-4.1-mini' });
    const started = events.filter((e) => e.name === 'generation_started');
    expect(started).toHaveLength(1);
    expect(failed[0]!.client_id).toBe(started[0]!.client_id);
    expect(failed[0]!.session_id).toBe(started[0]!.session_id);
    expect(failed[0]!.params.correlation_id).toBe(started[0]!.params.correlation_id);
    expect(events.filter((e) => e.name === 'generation_completed')).toEqual([]);

    const envelopes = await poll(() => e2e.stack.sentryEnvelopes(), (list) => errorEvents(list).length > 0,
      'a Sentry error envelope at /api/sentry');
    const errors = errorEvents(envelopes);
    expect(errors).toHaveLength(1);
    const error = errors[0]!;
    expect(error.tags).toMatchObject({ feature: 'summarize', model: 'gpt-4.1-mini', error_type: 'ai_timeout' });
    expect(error.tags?.plan_type).toBe('free');
    expect(error.exception?.values?.length ?? 0).toBeGreaterThan(0);

    const trail = breadcrumbsOf(error).filter((b) => b.category === 'analytics');
    const messages = trail.map((b) => b.message);
    // The analytics trail that led to the error, in order.
    for (const step of ['signup_completed', 'onboarding_completed', 'generation_started', 'generation_failed']) {
      expect(messages, `analytics breadcrumbs: ${messages.join(', ')}`).toContain(step);
    }
    expect(messages.indexOf('generation_started')).toBeLessThan(messages.lastIndexOf('generation_failed'));
    const failure = trail.filter((b) => b.message === 'generation_failed').at(-1)!;
    expect(failure.level).toBe('error');
    expect(failure.data).toMatchObject({ error_type: 'ai_timeout', correlation_id: started[0]!.params.correlation_id });
  });
});
