import { describe, expectTypeOf, it } from 'vitest';
import type { ClientEventName, EventArgs, EventMap, TrackEvent, ErrorType, Source } from './fixtures/taxonomy.js';
import { createTracker, type Tracker } from '../src/index.js';
import { taxonomy } from './helpers.js';

const tracker = createTracker<EventMap>({ taxonomy, destinations: [] });

describe('Tracker<EventMap>', () => {
  it('types trackEvent exactly like the generated TrackEvent', () => {
    expectTypeOf<Parameters<typeof tracker.trackEvent<'feature_used'>>>().toEqualTypeOf<['feature_used', ...EventArgs<'feature_used'>]>();
    expectTypeOf<Parameters<typeof tracker.trackEvent<'landing_viewed'>>>().toEqualTypeOf<['landing_viewed', ...EventArgs<'landing_viewed'>]>();
    const asGenerated: TrackEvent = tracker.trackEvent;
    expectTypeOf(asGenerated).toEqualTypeOf<TrackEvent>();
    tracker.trackEvent('landing_viewed');
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    tracker.trackEvent('output_corrected', { feature: 'rewrite', edited_chars: 12 });
    // @ts-expect-error params are required when the event requires something
    tracker.trackEvent('feature_used');
    // @ts-expect-error a free string where an enum is declared
    tracker.trackEvent('feature_used', { feature: 'freestyle' });
    // @ts-expect-error unknown event
    tracker.trackEvent('not_an_event', {});
    // @ts-expect-error wire names are not call-site names
    tracker.trackEvent('output_corrected', { feature: 'rewrite', edit_size_bucket: '0-10' });
  });

  it('refuses server-owned events at compile time when typed with ClientEventName', () => {
    const browser = createTracker<EventMap, ClientEventName>({ taxonomy, destinations: [] });
    browser.trackEvent('feature_used', { feature: 'rewrite' });
    browser.trackEvent('checkout_started', { target_plan: 'pro', billing_interval: 'monthly' });
    // @ts-expect-error generation_completed is owner: server; the edge sends it
    browser.trackEvent('generation_completed', { feature: 'rewrite', model: 'gpt-4.1', tokens: 10, duration_ms: 5, success: true });
    // @ts-expect-error checkout_completed comes from the payment webhook
    browser.trackEvent('checkout_completed', { target_plan: 'pro', billing_interval: 'monthly', value: 10, currency: 'EUR', transaction_id: 'cs_test_1' });
    // a server-owned terminal sends nothing from the browser, so complete() needs no params...
    browser.startGeneration({ feature: 'rewrite', model: 'gpt-4.1', plan_type: 'pro' }).complete();
    // ...while a client-owned one still needs its own
    // @ts-expect-error signup_completed (owner: client) requires signup_method
    browser.startSignup({ source: 'landing' }).complete();
    browser.startSignup({ source: 'landing' }).complete({ signup_method: 'password' });
  });

  it('has a starter per lifecycle group', () => {
    expectTypeOf(tracker).toHaveProperty('startGeneration');
    expectTypeOf(tracker).toHaveProperty('startSignup');
    expectTypeOf(tracker).toHaveProperty('startCheckout');
    expectTypeOf(tracker).not.toHaveProperty('startFeature');
    // @ts-expect-error generation_started requires plan_type
    tracker.startGeneration({ feature: 'rewrite', model: 'gpt-4.1' });
  });

  it('types complete() and fail() from the terminal events, minus what carries over', () => {
    const generation = tracker.startGeneration({ feature: 'rewrite', model: 'gpt-4.1', plan_type: 'pro', source: 'app' });
    expectTypeOf(generation.correlationId).toEqualTypeOf<string>();
    generation.complete({ tokens: 10, success: true });
    // @ts-expect-error tokens is required for generation_completed
    generation.complete({ success: true });
    expectTypeOf(generation.fail).parameter(0).toEqualTypeOf<ErrorType>();
    // @ts-expect-error not an error_type
    generation.fail('oops');
    const signup = tracker.startSignup({ source: 'pricing' });
    signup.complete({ signup_method: 'github' });
    signup.fail('account_exists');
    // @ts-expect-error signup_method required
    signup.complete();
    const checkout = tracker.startCheckout({ target_plan: 'pro', billing_interval: 'yearly' });
    checkout.fail('card_declined');
    expectTypeOf<Parameters<Tracker<EventMap>['startSignup']>[0]>().toEqualTypeOf<{ source: Source; acquisition_channel?: 'direct' | 'organic_search' | 'paid_search' | 'social' | 'referral' | 'newsletter' }>();
  });
});
