import { createMeasurementProtocol } from '@taxon/edge';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bucketSources, enumValues, eventDefinitions, type EventMap, type ServerEventName } from './fixtures/taxon/index.js';
import { startTestCollector, type TestCollector } from './lib/collector-client.js';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector();
});
afterAll(() => collector.close());

it("stores what @taxon/edge's Measurement Protocol client really sends as good events", async () => {
  const drops: string[] = [];
  const mp = createMeasurementProtocol<EventMap, ServerEventName>({
    measurementId: 'G-TEST12345',
    apiSecret: 'local',
    baseUrl: collector.url,
    taxonomy: { events: eventDefinitions, buckets: bucketSources, enums: enumValues },
    onDrop: (d) => drops.push(`${d.reason}: ${d.detail}`),
  });
  const ids = { clientId: '1234567890.1763892000', sessionId: '1763892000', userId: 'usr_42' };
  mp.send('generation_completed', { feature: 'rewrite', model: 'gpt-4.1', tokens: 1532, duration_ms: 1840, success: true, correlation_id: 'gen_8fK2mQ9xLp' }, ids);
  mp.send('generation_failed', { feature: 'summarize', model: 'claude-haiku-4-5', error_type: 'ai_timeout', duration_ms: 30_000 }, ids);
  mp.send('checkout_completed', { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR', transaction_id: 'cs_test_a1B2c3D4e5F6g7H8' }, ids);
  mp.sendPurchase({ transaction_id: 'cs_test_a1B2c3D4e5F6g7H8', value: 12, currency: 'EUR', items: [{ item_id: 'pro_monthly', price: 12, quantity: 1 }] }, ids);
  await mp.flush();
  expect(drops).toEqual([]);
  expect(await collector.bad()).toEqual([]);
  const events = await collector.events();
  expect(events.map((e) => e.name)).toEqual(['generation_completed', 'generation_failed', 'checkout_completed', 'purchase']);
  expect(events[0]).toMatchObject({
    client_id: '1234567890.1763892000',
    user_id: 'usr_42',
    session_id: '1763892000',
    params: { token_bucket: '1k-2k', duration_bucket: '1s-2s', success: true, engagement_time_msec: 1 },
  });
  expect(events[1]!.params['duration_bucket']).toBe('30s-1m');

  // The MP client's own validation call reaches the collector's debug endpoint.
  const payload = mp.payloadFor('generation_completed', { feature: 'rewrite', model: 'gpt-4.1', tokens: 10, duration_ms: 5, success: false }, ids);
  expect(await mp.validate(payload)).toEqual([]);
  const broken = { ...payload, events: payload.events.map((e) => ({ ...e, params: { ...e.params, token_bucket: 10 } })) };
  expect(await mp.validate(broken)).toEqual([
    expect.objectContaining({ fieldPath: 'events[0].params.token_bucket', validationCode: 'UNSUPPORTED_TYPE' }),
  ]);
  expect(await collector.json('/health')).toMatchObject({ ok: true, good: 4, bad: 0 });
});
