import { describe, expectTypeOf, it } from 'vitest';
import {
  bucketSources,
  enumValues,
  eventDefinitions,
  type EventMap,
  type ServerEventName,
} from './fixtures/taxon/index.js';
import {
  createMeasurementProtocol,
  type MeasurementProtocolClient,
  type ValidationMessage,
} from '../src/index.js';

const mp = createMeasurementProtocol<EventMap, ServerEventName>({
  measurementId: 'G-TYPES',
  apiSecret: 'secret',
  taxonomy: { events: eventDefinitions, buckets: bucketSources, enums: enumValues },
});
const ids = { clientId: '1.2', sessionId: '3' };
const base = { feature: 'rewrite', model: 'gpt-4.1' } as const;

describe('MeasurementProtocolClient types', () => {
  it('accepts server events with their call-site params (raw numbers for buckets)', () => {
    mp.send('generation_completed', { ...base, tokens: 10, duration_ms: 5, success: true }, ids);
    const checkout = { target_plan: 'pro', billing_interval: 'monthly', value: 9, currency: 'USD' } as const;
    mp.send('checkout_completed', { ...checkout, transaction_id: 'cs_1' }, ids, { dedupeKey: 'k' });
    expectTypeOf<Parameters<typeof mp.send>[0]>().toEqualTypeOf<ServerEventName>();
  });

  it('rejects client events', () => {
    // @ts-expect-error generation_started is a client event
    mp.send('generation_started', { ...base, plan_type: 'pro' }, ids);
    // @ts-expect-error checkout_started is a client event
    mp.send('checkout_started', { target_plan: 'pro', billing_interval: 'monthly' }, ids);
    // @ts-expect-error not an event at all
    mp.send('made_up_event', {}, ids);
  });

  it('rejects server events with wrong params', () => {
    // @ts-expect-error missing required `success`
    mp.send('generation_completed', { ...base, tokens: 10, duration_ms: 5 }, ids);
    // @ts-expect-error a free string where an enum is declared
    mp.send('generation_failed', { ...base, model: 'gpt-5', error_type: 'ai_timeout', duration_ms: 1 }, ids);
    // @ts-expect-error the bucket label is not accepted at the call site; pass raw tokens
    mp.send('generation_completed', { ...base, token_bucket: '0-250', duration_ms: 5, success: true }, ids);
    // @ts-expect-error unknown param (no free text such as a prompt)
    mp.send('subscription_cancelled', { plan_type: 'pro', prompt: 'hello' }, ids);
  });

  it('requires clientId and sessionId', () => {
    // @ts-expect-error sessionId is required
    mp.send('subscription_cancelled', { plan_type: 'pro' }, { clientId: '1.2' });
    // @ts-expect-error clientId is required
    mp.sendPurchase({ transaction_id: 't', value: 1, currency: 'USD' }, { sessionId: '3' });
  });

  it('types flush, validate and dropCounts', () => {
    expectTypeOf(mp.flush()).resolves.toHaveProperty('delivered').toEqualTypeOf<number>();
    expectTypeOf(mp.validate({ client_id: '1', events: [] })).resolves.toEqualTypeOf<ValidationMessage[]>();
    expectTypeOf(mp.dropCounts().duplicate).toEqualTypeOf<number>();
    expectTypeOf(mp).toEqualTypeOf<MeasurementProtocolClient<EventMap, ServerEventName>>();
  });
});
