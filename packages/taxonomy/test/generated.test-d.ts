// Type-level tests of the committed generated code (generated/taxon from taxonomy/), run by
// vitest's typecheck mode. typecheck.test.ts proves the same contract by compiling call sites.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ClientEventName,
  EventMap,
  EventName,
  EventWireMap,
  ServerEventName,
  TokenBucket,
  TrackEvent,
  ValidateEvent,
  WireResult,
} from '../../../generated/taxon/index.js';
import { taxonomy, toWireParams, tokenBucket } from '../../../generated/taxon/index.js';
import type { validateEvent } from '../../../generated/taxon/validators.js';

declare const trackEvent: TrackEvent;

describe('generated EventMap', () => {
  it('takes raw numbers for buckets at the call site and sends labels on the wire', () => {
    expectTypeOf<EventMap['generation_completed']['tokens']>().toEqualTypeOf<number>();
    expectTypeOf<EventWireMap['generation_completed']['token_bucket']>().toEqualTypeOf<TokenBucket>();
    expectTypeOf<EventMap['generation_completed']>().not.toHaveProperty('token_bucket');
    expectTypeOf<EventWireMap['generation_completed']>().not.toHaveProperty('tokens');
    expectTypeOf(tokenBucket).returns.toEqualTypeOf<TokenBucket>();
    expectTypeOf(toWireParams<'generation_completed'>).returns.toEqualTypeOf<WireResult<'generation_completed'>>();
    expectTypeOf<Extract<WireResult<'generation_completed'>, { ok: true }>['params']>().toEqualTypeOf<
      EventWireMap['generation_completed']
    >();
  });

  it('makes enums literal unions and optional params optional', () => {
    expectTypeOf<EventMap['generation_rated']['rating']>().toEqualTypeOf<'up' | 'down'>();
    expectTypeOf<EventMap['generation_completed']['plan_type']>().toEqualTypeOf<
      'free' | 'pro' | 'enterprise' | undefined
    >();
  });

  it('splits events by owner', () => {
    expectTypeOf<'checkout_completed'>().toExtend<ServerEventName>();
    expectTypeOf<'checkout_started'>().toExtend<ClientEventName>();
    expectTypeOf<ClientEventName | ServerEventName>().toEqualTypeOf<EventName>();
  });

  it('rejects wrong calls', () => {
    // @ts-expect-error unknown event name
    trackEvent('generation_done', {});
    // @ts-expect-error required params missing
    trackEvent('generation_rated', { rating: 'up' });
    // @ts-expect-error value outside the enum
    trackEvent('generation_rated', { rating: 'meh', feature: 'rewrite', model: 'gpt-4.1' });
    // @ts-expect-error extra key
    trackEvent('feature_used', { feature: 'rewrite', email: 'a@b.co' });
    trackEvent('feature_used', { feature: 'rewrite' });
  });
});

describe('generated taxonomy object', () => {
  it('carries the event data as literal types and a development-only validators loader', () => {
    expectTypeOf(taxonomy.events.checkout_completed.owner).toEqualTypeOf<'server'>();
    expectTypeOf(taxonomy.enums.rating).toEqualTypeOf<readonly ['up', 'down']>();
    expectTypeOf(taxonomy.buckets.tokens.param).toEqualTypeOf<'token_bucket'>();
    expectTypeOf(taxonomy.lifecycles[0].started).toExtend<EventName>();
    expectTypeOf(taxonomy.loadValidators).toEqualTypeOf<(() => Promise<{ validateEvent: ValidateEvent }>) | undefined>();
    expectTypeOf<typeof validateEvent>().toEqualTypeOf<ValidateEvent>();
  });
});
