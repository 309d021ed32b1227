// The hooks are typed by the app's EventMap through the registered tracker: a wrong event name,
// a missing required param or a free string where an enum is declared does not compile.
import { describe, expectTypeOf, it } from 'vitest';
import type { Tracker } from '@taxon/web';
import { AnalyticsProvider, useAnalytics, useTrackEvent, type RegisteredTracker } from '@taxon/react';
import { RouteTracker, type RouteTrackerProps } from '@taxon/react/next';
import type { EventMap } from './fixtures/taxon/index.js';

declare const tracker: Tracker<EventMap>;

declare module '@taxon/react' {
  interface Register {
    tracker: typeof tracker;
  }
}

describe('useTrackEvent', () => {
  it("is the registered tracker's trackEvent", () => {
    expectTypeOf<RegisteredTracker>().toEqualTypeOf<Tracker<EventMap>>();
    expectTypeOf(useTrackEvent()).toEqualTypeOf<Tracker<EventMap>['trackEvent']>();
  });

  it('accepts taxonomy events with their params', () => {
    const trackEvent = useTrackEvent();
    trackEvent('generation_completed', {
      feature: 'rewrite',
      model: 'gpt-4.1',
      tokens: 1532,
      duration_ms: 1840,
      success: true,
    });
    trackEvent('upgrade_clicked', { source: 'paywall', plan_type: 'free', target_plan: 'pro' });
    // An event with only optional params can be tracked without any.
    trackEvent('landing_viewed');
  });

  it('rejects an unknown event name', () => {
    const trackEvent = useTrackEvent();
    // @ts-expect-error 'generation_complete' is not an event of the taxonomy
    trackEvent('generation_complete', { feature: 'rewrite' });
    expectTypeOf(trackEvent).parameter(0).not.toEqualTypeOf<string>();
  });

  it('rejects a missing required param, and a missing params object', () => {
    const trackEvent = useTrackEvent();
    // @ts-expect-error plan_type is required by upgrade_clicked
    trackEvent('upgrade_clicked', { source: 'paywall' });
    // @ts-expect-error upgrade_clicked has required params
    trackEvent('upgrade_clicked');
  });

  it('rejects a value outside a declared enum and an undeclared param', () => {
    const trackEvent = useTrackEvent();
    // @ts-expect-error 'gpt-5-preview' is not one of the Model literals
    trackEvent('generation_started', { feature: 'rewrite', model: 'gpt-5-preview' });
    // @ts-expect-error a free string where the Feature enum is declared
    trackEvent('feature_used', { feature: 'make it shorter' });
    // @ts-expect-error prompt is not a param of feature_used (and free text never is)
    trackEvent('feature_used', { feature: 'rewrite', prompt: 'Rewrite this for me' });
  });

  it('can be typed by another tracker through its type argument', () => {
    type Custom = Tracker<{ export_clicked: { format: 'pdf' | 'docx' } }>;
    const trackEvent = useTrackEvent<Custom>();
    trackEvent('export_clicked', { format: 'pdf' });
    // @ts-expect-error not an event of the custom map
    trackEvent('generation_completed', {});
  });
});

describe('useAnalytics', () => {
  it('is the registered tracker, lifecycle starters included', () => {
    const analytics = useAnalytics();
    expectTypeOf(analytics).toEqualTypeOf<Tracker<EventMap>>();
    const generation = analytics.startGeneration({ feature: 'rewrite', model: 'gpt-4.1', plan_type: 'pro' });
    generation.fail('ai_timeout');
    // @ts-expect-error not an ErrorType literal
    generation.fail('timeout');
  });
});

describe('components', () => {
  it('AnalyticsProvider requires a tracker; RouteTracker takes only an optional titleTimeoutMs', () => {
    expectTypeOf(AnalyticsProvider<Tracker<EventMap>>)
      .parameter(0)
      .toHaveProperty('tracker')
      .toEqualTypeOf<Tracker<EventMap>>();
    expectTypeOf<RouteTrackerProps>().toEqualTypeOf<{ titleTimeoutMs?: number }>();
    expectTypeOf(RouteTracker).parameter(0).toEqualTypeOf<RouteTrackerProps>();
  });
});
