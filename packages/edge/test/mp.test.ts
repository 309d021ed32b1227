import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bucketSources,
  enumValues,
  eventDefinitions,
  type EventMap,
  type ServerEventName,
} from './fixtures/taxon/index.js';
import {
  createMeasurementProtocol,
  type MeasurementProtocolDrop,
  type MeasurementProtocolOptions,
} from '../src/index.js';
import { createGaMock } from './lib/ga-mock.js';
import { useMockServer } from './lib/mock-server.js';

const ga = createGaMock();
useMockServer([ga]);
afterEach(() => vi.unstubAllEnvs());

const taxonomy = { events: eventDefinitions, buckets: bucketSources, enums: enumValues };
const ids = { clientId: '1234567890.1700000000', sessionId: '1700000000' };

function client(options: Partial<MeasurementProtocolOptions> = {}) {
  const drops: MeasurementProtocolDrop[] = [];
  const mp = createMeasurementProtocol<EventMap, ServerEventName>({
    measurementId: 'G-TEST123',
    apiSecret: 'secret-abc',
    taxonomy,
    onDrop: (drop) => drops.push(drop),
    ...options,
  });
  return { mp, drops };
}

const completed = {
  feature: 'rewrite',
  model: 'gpt-4.1-mini',
  tokens: 1532,
  duration_ms: 1840,
  success: true,
  plan_type: 'pro',
} satisfies EventMap['generation_completed'];

describe('MP payload', () => {
  it('carries client_id, user_id, session_id, engagement_time_msec, timestamp_micros, buckets', async () => {
    const { mp } = client();
    const at = new Date(Date.now() - 60_000);
    mp.send('generation_completed', completed, {
      ...ids,
      userId: 'user_42',
      engagementTimeMsec: 1200,
      timestamp: at,
    });
    expect(await mp.flush()).toMatchObject({ delivered: 1, dropped: 0 });

    const [request] = ga.requests;
    expect(request?.measurementId).toBe('G-TEST123');
    expect(request?.apiSecret).toBe('secret-abc');
    expect(request?.payload).toEqual({
      client_id: ids.clientId,
      user_id: 'user_42',
      events: [
        {
          name: 'generation_completed',
          timestamp_micros: at.getTime() * 1000,
          params: {
            feature: 'rewrite',
            model: 'gpt-4.1-mini',
            token_bucket: '1k-2k',
            duration_bucket: '1s-2s',
            success: true,
            plan_type: 'pro',
            session_id: ids.sessionId,
            engagement_time_msec: 1200,
          },
        },
      ],
    });
  });

  it('defaults engagement_time_msec to 1 and omits user_id when not given', async () => {
    const { mp } = client();
    mp.send('subscription_cancelled', { plan_type: 'pro', cancel_reason: 'too_expensive' }, ids);
    await mp.flush();
    const payload = ga.requests[0]?.payload;
    expect(payload).not.toHaveProperty('user_id');
    expect(payload?.events[0]?.params.engagement_time_msec).toBe(1);
  });

  it('scrubs PII from string params, keeps enum literals and random transaction ids', async () => {
    const { mp } = client();
    mp.send(
      'generation_failed',
      {
        feature: 'summarize',
        model: 'gpt-4o-mini',
        error_type: 'ai_timeout',
        duration_ms: 30_500,
        correlation_id: 'mail jane@example.com',
      },
      ids,
    );
    const checkout = { target_plan: 'pro', billing_interval: 'yearly', value: 96, currency: 'USD' } as const;
    mp.send('checkout_completed', { ...checkout, transaction_id: 'cs_test_a1B2c3D4e5F6g7H8i9J0kLmN' }, ids);
    mp.send(
      'refund_processed',
      { plan_type: 'pro', value: 8, currency: 'USD', transaction_id: 'sk_live_a1B2c3D4e5F6g7H8i9J0kLmN' },
      ids,
    );
    mp.send('checkout_completed', { ...checkout, transaction_id: '+1 415 555 0134' }, ids);
    await mp.flush();
    const params = ga.events().map((e) => e.params);
    expect(params[0]).toMatchObject({
      correlation_id: 'mail [email]',
      error_type: 'ai_timeout',
      duration_bucket: '30s-1m',
    });
    expect(params[1]).toMatchObject({ transaction_id: 'cs_test_a1B2c3D4e5F6g7H8i9J0kLmN', currency: 'USD' });
    // A key-shaped value is a secret even in an identifier param; so is a phone number.
    expect(params[2]?.transaction_id).toBe('[secret]');
    expect(params[3]?.transaction_id).toBe('[phone]');
    expect(ga.requests.map((r) => r.rawBody).join()).not.toMatch(/jane@example\.com|sk_live|415 555/);
  });

  it('sends GA4 purchase with transaction_id, value, currency and scrubbed items', async () => {
    const { mp } = client();
    mp.sendPurchase(
      {
        transaction_id: 'in_1PqRsTuVwXyZ012345',
        value: 20,
        currency: 'EUR',
        items: [{ item_id: 'pro_yearly', item_name: 'Pro for jane@example.com', price: 20, quantity: 1 }],
      },
      ids,
    );
    await mp.flush();
    expect(ga.events()[0]).toMatchObject({
      name: 'purchase',
      params: {
        transaction_id: 'in_1PqRsTuVwXyZ012345',
        value: 20,
        currency: 'EUR',
        items: [{ item_id: 'pro_yearly', item_name: 'Pro for [email]', price: 20, quantity: 1 }],
        session_id: ids.sessionId,
      },
    });
  });

  it('copies __proto__ and constructor keys as data or refuses them, never loses them silently (issue 12)', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { mp, drops } = client();
    const item = JSON.parse('{"__proto__":"x","constructor":"c","item_id":"pro_yearly"}');
    mp.sendPurchase({ transaction_id: 'in_1PqRsTuVwXyZ012345', value: 20, currency: 'EUR', items: [item] }, ids);
    // A top-level __proto__ is not a GA4 param name: the event is refused and counted.
    mp.sendPurchase(JSON.parse('{"transaction_id":"in_1PqRsTuVwXyZ067890","value":5,"currency":"EUR","__proto__":"p"}'), ids);
    await mp.flush();
    const [sent] = ga.events();
    const items = (sent?.params.items ?? []) as Record<string, unknown>[];
    expect(Object.keys(items[0] ?? {})).toEqual(['__proto__', 'constructor', 'item_id']);
    expect(ga.events()).toHaveLength(1);
    expect(drops).toMatchObject([{ reason: 'limit_exceeded', event: 'purchase' }]);
  });

  it('refuses a purchase whose transaction_id would have to be scrubbed (GA4 would merge them)', async () => {
    const purchase = { transaction_id: 'jane@example.com', value: 20, currency: 'EUR' };
    expect(() => client().mp.sendPurchase(purchase, ids)).toThrow(/transaction_id looks like personal data/);
    vi.stubEnv('NODE_ENV', 'production');
    const { mp, drops } = client();
    mp.sendPurchase(purchase, ids);
    await mp.flush();
    expect(drops).toMatchObject([{ reason: 'pii_blocked', event: 'purchase' }]);
    expect(ga.requests).toHaveLength(0);
  });

  it('refuses a user id that is personal data: TypeError in development, pii_blocked in prod', async () => {
    const withEmail = { ...ids, userId: 'jane@example.com' };
    const dev = client();
    expect(() => dev.mp.send('subscription_cancelled', { plan_type: 'pro' }, withEmail)).toThrow(
      /userId looks like personal data/,
    );
    vi.stubEnv('NODE_ENV', 'production');
    const prod = client();
    prod.mp.send('subscription_cancelled', { plan_type: 'pro' }, withEmail);
    await prod.mp.flush();
    expect(prod.drops).toMatchObject([{ reason: 'pii_blocked', event: 'subscription_cancelled' }]);
    expect(ga.requests).toHaveLength(0);
  });

  it('adds debug_mode in debug mode and the dedupe key when dedupeParam is set', async () => {
    const { mp } = client({ debug: true, dedupeParam: 'event_id' });
    mp.send('subscription_cancelled', { plan_type: 'free' }, ids, { dedupeKey: 'evt_0001' });
    await mp.flush();
    expect(ga.events()[0]?.params).toMatchObject({ debug_mode: true, event_id: 'evt_0001' });
  });
});

describe('MP misuse', () => {
  it('missing clientId or sessionId throws a TypeError explaining where the browser gets them', () => {
    const { mp } = client();
    const cancelled = { plan_type: 'pro' } as const;
    expect(() => mp.send('subscription_cancelled', cancelled, { clientId: '', sessionId: '1' })).toThrow(
      /ids\.clientId is missing.*gtag\('get', '<measurement id>', 'client_id'/,
    );
    expect(() =>
      mp.send('subscription_cancelled', cancelled, { clientId: ids.clientId } as typeof ids),
    ).toThrow(/ids\.sessionId is missing.*session_id/);
    expect(ga.requests).toHaveLength(0);
  });

  it('in production missing ids are dropped with invalid_event and reported, never thrown', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { mp, drops } = client();
    expect(() => mp.send('subscription_cancelled', { plan_type: 'pro' }, undefined as never)).not.toThrow();
    mp.send('subscription_cancelled', { plan_type: 'pro' }, { clientId: ids.clientId, sessionId: '' });
    const result = await mp.flush();
    expect(result.dropCounts.invalid_event).toBe(2);
    expect(drops.map((d) => d.reason)).toEqual(['invalid_event', 'invalid_event']);
    expect(drops[1]?.detail).toMatch(/sessionId is missing/);
    expect(ga.requests).toHaveLength(0);
  });

  it('refuses client events, unknown params, values outside an enum and missing required params', () => {
    const { mp } = client();
    const send = mp.send as (name: string, params: unknown, i: typeof ids) => void;
    const started = { feature: 'rewrite', model: 'gpt-4.1', plan_type: 'pro' };
    expect(() => send('generation_started', started, ids)).toThrow(/client event/);
    expect(() => send('subscription_cancelled', { plan_type: 'pro', prompt: 'hi' }, ids)).toThrow(
      /no param "prompt"; expected one of: plan_type, cancel_reason/,
    );
    expect(() => send('subscription_cancelled', { plan_type: 'platinum' }, ids)).toThrow(
      /must be one of free, pro, enterprise/,
    );
    expect(() => send('checkout_failed', {}, ids)).toThrow(/missing required param\(s\): failure_reason/);
    const slow = { feature: 'rewrite', model: 'gpt-4.1', error_type: 'ai_timeout', duration_ms: 'slow' };
    expect(() => send('generation_failed', slow, ids)).toThrow(/duration_ms must be a finite number/);
  });

  it('a missing api secret is a TypeError in development', () => {
    expect(() => createMeasurementProtocol({ measurementId: 'G-1', apiSecret: '', taxonomy })).toThrow(
      /apiSecret is required/,
    );
  });
});

describe('MP deduplication', () => {
  it('drops a second send with an accepted dedupe key, and a repeated purchase transaction', async () => {
    const { mp, drops } = client();
    mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: 'sub_1:cancel' });
    mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: 'sub_1:cancel' });
    const purchase = { transaction_id: 'cs_test_a1B2c3D4e5F6g7H8', value: 20, currency: 'EUR' };
    mp.sendPurchase(purchase, ids);
    mp.sendPurchase(purchase, ids);
    const result = await mp.flush();
    expect(result).toMatchObject({ delivered: 2, dropped: 2 });
    expect(drops.map((d) => [d.reason, d.dedupeKey])).toEqual([
      ['duplicate', 'sub_1:cancel'],
      ['duplicate', 'purchase:cs_test_a1B2c3D4e5F6g7H8'],
    ]);
    expect(ga.events().map((e) => e.name)).toEqual(['subscription_cancelled', 'purchase']);
  });

  it('derives the key from correlation_id; a refused event does not claim its key', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { mp, drops } = client();
    const failed = {
      feature: 'expand',
      model: 'gpt-4.1',
      error_type: 'ai_rate_limit',
      duration_ms: 10,
      correlation_id: 'corr_12345678',
    } as const;
    mp.send('generation_failed', failed, ids);
    mp.send('generation_failed', failed, ids);
    // Refused for its old timestamp before it claims its key, so the resend goes through.
    const old = { ...ids, timestamp: new Date(Date.now() - 100 * 3600_000) };
    mp.send('generation_failed', failed, old, { dedupeKey: 'k1' });
    mp.send('generation_failed', failed, ids, { dedupeKey: 'k1' });
    await mp.flush();
    expect(drops.map((d) => d.reason)).toEqual(['duplicate', 'limit_exceeded']);
    expect(ga.events()).toHaveLength(2);
  });

  it('forgets the oldest keys beyond dedupeWindow', async () => {
    const { mp, drops } = client({ dedupeWindow: 2 });
    for (const key of ['a', 'b', 'c', 'a', 'c']) {
      mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: key });
    }
    await mp.flush();
    // 'a' was forgotten when 'c' arrived; 'c' is still remembered.
    expect(drops.map((d) => d.dedupeKey)).toEqual(['c']);
    expect(ga.events()).toHaveLength(4);
  });
});
