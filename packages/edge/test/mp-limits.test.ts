import { describe, expect, it } from 'vitest';
import {
  bucketSources,
  enumValues,
  eventDefinitions,
  type EventMap,
  type ServerEventName,
} from './fixtures/taxon/index.js';
import { createMeasurementProtocol, MP_LIMITS, type MeasurementProtocolDrop } from '../src/index.js';
import { createGaMock } from './lib/ga-mock.js';
import { useMockServer } from './lib/mock-server.js';

const ga = createGaMock({ baseUrl: 'http://collector.test' });
useMockServer([ga]);

const ids = { clientId: '555.1700000000', sessionId: '1700000001' };
const base = { measurementId: 'G-LIMITS', apiSecret: 's3cret', baseUrl: 'http://collector.test' };

/** A taxonomy with one server event of `n` free-text params p1..pn, to reach the limits. */
function wideTaxonomy(n: number) {
  const optional = Array.from({ length: n }, (_, i) => `p${i + 1}`);
  return { events: { wide_event: { owner: 'server' as const, required: [], optional } } };
}

function wideClient(n: number) {
  const drops: MeasurementProtocolDrop[] = [];
  const mp = createMeasurementProtocol({ ...base, taxonomy: wideTaxonomy(n), onDrop: (d) => drops.push(d) });
  const params = (value: string, count = n) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i + 1}`, value]));
  return { mp, drops, params };
}

describe('MP request limits', () => {
  it('splits 60 events of one user into requests of 25, 25 and 10, in order', async () => {
    const mp = createMeasurementProtocol<EventMap, ServerEventName>({
      ...base,
      taxonomy: { events: eventDefinitions, buckets: bucketSources, enums: enumValues },
    });
    for (let i = 0; i < 60; i++) {
      mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: `k${i}` });
    }
    expect(await mp.flush()).toMatchObject({ delivered: 60, dropped: 0 });
    expect(ga.requests.map((r) => r.payload.events.length)).toEqual([25, 25, 10]);
  });

  it('never puts two users (client_id / user_id) in one request', async () => {
    const mp = createMeasurementProtocol<EventMap, ServerEventName>({
      ...base,
      taxonomy: { events: eventDefinitions },
    });
    const a = { ...ids, clientId: '1.1' };
    const b = { ...ids, clientId: '2.2' };
    mp.send('subscription_cancelled', { plan_type: 'pro' }, a);
    mp.send('subscription_cancelled', { plan_type: 'pro' }, b);
    mp.send('subscription_cancelled', { plan_type: 'pro' }, a);
    mp.send('subscription_cancelled', { plan_type: 'pro' }, { ...a, userId: 'u1' });
    await mp.flush();
    const shape = ga.requests.map((r) => [r.payload.client_id, r.payload.user_id, r.payload.events.length]);
    expect(shape).toEqual([
      ['1.1', undefined, 2],
      ['2.2', undefined, 1],
      ['1.1', 'u1', 1],
    ]);
  });

  it('splits requests further to keep each body under 130 kB (UTF-8 bytes)', async () => {
    const { mp } = wideClient(23);
    // 23 params of 100 three-byte characters: about 7 kB per event, 25 events would be ~175 kB.
    const cjk = '測'.repeat(100);
    for (let i = 0; i < 25; i++) mp.send('wide_event', wideClient(23).params(cjk), ids);
    expect(await mp.flush()).toMatchObject({ delivered: 25, dropped: 0 });
    expect(ga.requests.length).toBeGreaterThan(1);
    for (const request of ga.requests) {
      expect(new TextEncoder().encode(request.rawBody).length).toBeLessThan(MP_LIMITS.maxBodyBytes);
    }
    expect(ga.requests.reduce((n, r) => n + r.payload.events.length, 0)).toBe(25);
  });

  it('drops one event larger than a request can hold with limit_exceeded', async () => {
    const drops: MeasurementProtocolDrop[] = [];
    const mp = createMeasurementProtocol({ ...base, taxonomy: { events: {} }, onDrop: (d) => drops.push(d) });
    const item = {
      item_id: 'x'.repeat(100),
      item_name: '名'.repeat(100),
      item_category: '類'.repeat(100),
      item_variant: '変'.repeat(100),
    };
    const items = Array(200).fill(item);
    mp.sendPurchase({ transaction_id: 'in_1234567890', value: 1, currency: 'JPY', items }, ids);
    const result = await mp.flush();
    expect(result.dropCounts.limit_exceeded).toBe(1);
    expect(drops[0]).toMatchObject({ reason: 'limit_exceeded', event: 'purchase' });
    expect(ga.requests).toHaveLength(0);
  });
});

describe('MP event limits', () => {
  it('allows 25 params counting session_id and engagement_time_msec; 26 is limit_exceeded', async () => {
    const { mp, drops, params } = wideClient(24);
    mp.send('wide_event', params('v', 23), ids);
    mp.send('wide_event', params('v', 24), ids);
    await mp.flush();
    expect(ga.events().map((e) => Object.keys(e.params).length)).toEqual([25]);
    expect(drops).toMatchObject([
      { reason: 'limit_exceeded', event: 'wide_event', detail: expect.stringContaining('26 params') },
    ]);
  });

  it('truncates string values to 100 characters after scrubbing', async () => {
    const { mp, params } = wideClient(1);
    mp.send('wide_event', params(`${'a '.repeat(60)}jane@example.com`), ids);
    await mp.flush();
    const value = ga.events()[0]?.params.p1 as string;
    expect(value).toHaveLength(100);
    expect(value).not.toContain('jane');
  });

  it('drops events older than 72 hours (limit_exceeded), sends a 71-hour-old one with its time', async () => {
    const { mp, drops, params } = wideClient(1);
    const old = new Date(Date.now() - 73 * 3600_000);
    const recent = new Date(Date.now() - 71 * 3600_000);
    mp.send('wide_event', params('old'), { ...ids, timestamp: old });
    mp.send('wide_event', params('recent'), { ...ids, timestamp: recent });
    await mp.flush();
    expect(drops).toMatchObject([{ reason: 'limit_exceeded', detail: expect.stringContaining('72 hours') }]);
    const sent = ga.events().map((e) => [e.params.p1, e.timestamp_micros]);
    expect(sent).toEqual([['recent', recent.getTime() * 1000]]);
  });

  it('refuses event and param names GA4 rejects', async () => {
    const drops: MeasurementProtocolDrop[] = [];
    const mp = createMeasurementProtocol({
      ...base,
      taxonomy: {
        events: {
          session_start: { owner: 'server', required: [], optional: [] },
          ok_event: { owner: 'server', required: [], optional: ['ga_x'] },
        },
      },
      onDrop: (d) => drops.push(d),
    });
    mp.send('session_start', {}, ids);
    mp.send('ok_event', { ga_x: 1 }, ids);
    await mp.flush();
    expect(drops.map((d) => d.detail)).toEqual([
      expect.stringContaining('reserved'),
      expect.stringContaining('reserved prefix "ga_"'),
    ]);
  });
});

describe('validate()', () => {
  it("returns /debug/mp/collect's validationMessages, and none for what the client builds", async () => {
    const mp = createMeasurementProtocol<EventMap, ServerEventName>({
      ...base,
      taxonomy: { events: eventDefinitions, buckets: bucketSources, enums: enumValues },
    });
    const params: EventMap['generation_completed'] = {
      feature: 'expand',
      model: 'gpt-4.1',
      tokens: 90,
      duration_ms: 4,
      success: true,
    };
    const good = mp.payloadFor('generation_completed', params, ids);
    expect(await mp.validate(good)).toEqual([]);
    const bad = { client_id: '', events: [{ name: '_badEventName', params: { x: 'y'.repeat(101) } }] };
    expect(await mp.validate(bad)).toEqual([
      { fieldPath: 'client_id', description: expect.any(String), validationCode: 'VALUE_REQUIRED' },
      {
        fieldPath: 'events',
        description:
          'Event at index: [0] has invalid name [_badEventName]. ' +
          'Names must start with an alphabetic character.',
        validationCode: 'NAME_INVALID',
      },
      {
        fieldPath: 'events[0].params.x',
        description: expect.stringContaining('101 characters'),
        validationCode: 'VALUE_OUT_OF_BOUNDS',
      },
    ]);
    expect(ga.validations).toHaveLength(2);
    expect(ga.requests).toHaveLength(0);
  });

  it('payloadFor throws a TypeError naming the problem instead of building a bad payload', () => {
    const mp = createMeasurementProtocol<EventMap, ServerEventName>({
      ...base,
      taxonomy: { events: eventDefinitions },
    });
    expect(() => mp.payloadFor('checkout_failed', {} as never, ids)).toThrow(
      /missing required param\(s\): failure_reason/,
    );
  });
});
