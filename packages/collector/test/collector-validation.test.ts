import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ev, startTestCollector, type TestCollector } from './lib/collector-client.js';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector();
});
afterAll(() => collector.close());
beforeEach(async () => {
  await fetch(`${collector.url}/events`, { method: 'DELETE' });
});

const request = (...events: unknown[]) => ({ client_id: '111.222', events });
const codes = async (body: unknown) => (await collector.validate(body)).map((m) => `${m.validationCode} ${m.fieldPath}`);

describe('GA4 rules', () => {
  it.each([
    ['VALUE_REQUIRED client_id', { events: [ev('paywall_viewed')] }],
    ['VALUE_INVALID client_id', { client_id: 42, events: [ev('paywall_viewed')] }],
    ['VALUE_OUT_OF_BOUNDS client_id', { client_id: 'x'.repeat(257), events: [ev('paywall_viewed')] }],
    ['VALUE_INVALID user_id', { client_id: 'c', user_id: 7, events: [ev('paywall_viewed')] }],
    ['VALUE_REQUIRED events', { client_id: 'c' }],
    ['VALUE_REQUIRED events', { client_id: 'c', events: [] }],
    ['VALUE_INVALID events', { client_id: 'c', events: {} }],
    ['UNKNOWN_FIELD clientId', { client_id: 'c', clientId: 'c', events: [ev('paywall_viewed')] }],
    ['VALUE_INVALID timestamp_micros', { client_id: 'c', timestamp_micros: 'soon', events: [ev('paywall_viewed')] }],
    ['VALUE_OUT_OF_BOUNDS timestamp_micros', { client_id: 'c', timestamp_micros: (Date.now() - 73 * 3_600_000) * 1000, events: [ev('paywall_viewed')] }],
    ['VALUE_INVALID events[0].timestamp_micros', request(ev('paywall_viewed', {}, (Date.now() + 3_600_000) * 1000))],
    ['VALUE_INVALID user_properties', { client_id: 'c', user_properties: 'pro', events: [ev('paywall_viewed')] }],
    ['NAME_INVALID user_properties.a_very_long_user_property_name', { client_id: 'c', user_properties: { a_very_long_user_property_name: { value: 'x' } }, events: [ev('paywall_viewed')] }],
    ['VALUE_OUT_OF_BOUNDS user_properties.plan.value', { client_id: 'c', user_properties: { plan: { value: 'p'.repeat(37) } }, events: [ev('paywall_viewed')] }],
    ['VALUE_INVALID events[0]', request('paywall_viewed')],
    ['VALUE_REQUIRED events[0].name', request({ params: {} })],
    ['NAME_INVALID events[0].name', request({ name: '9lives', params: {} })],
    ['NAME_INVALID events[0].name', request({ name: 'signup-started', params: {} })],
    ['NAME_INVALID events[0].name', request({ name: `e${'x'.repeat(40)}`, params: {} })],
    ['NAME_RESERVED events[0].name', request({ name: 'ga_signup', params: {} })],
    ['NAME_RESERVED events[0].name', request({ name: 'google_signup', params: {} })],
    ['NAME_RESERVED events[0].name', request({ name: 'firebase_signup', params: {} })],
    ['NAME_RESERVED events[0].name', request({ name: 'session_start', params: {} })],
    ['VALUE_INVALID events[0].params', request({ name: 'paywall_viewed', params: [] })],
    ['NAME_RESERVED events[0].params._x', request(ev('paywall_viewed', { _x: 1 }))],
    ['NAME_INVALID events[0].params.bad-name', request(ev('paywall_viewed', { 'bad-name': 1 }))],
    ['VALUE_OUT_OF_BOUNDS events[0].params.page_location', request(ev('paywall_viewed', { page_location: `https://a.test/${'p'.repeat(990)}` }))],
    ['VALUE_OUT_OF_BOUNDS events[0].params.page_title', request(ev('paywall_viewed', { page_title: 't'.repeat(301) }))],
    ['VALUE_OUT_OF_BOUNDS events[0].params.page_referrer', request(ev('paywall_viewed', { page_referrer: `https://r.test/${'r'.repeat(410)}` }))],
    ['UNSUPPORTED_TYPE events[0].params.page_title', request(ev('paywall_viewed', { page_title: { text: 'x' } }))],
  ])('%s', async (expected, body) => {
    const found = await codes(body);
    expect(found).toContain(expected);
  });

  it('VALUE_INVALID for a number JSON parses to Infinity', async () => {
    const raw = '{"client_id":"c","events":[{"name":"checkout_started","params":{"target_plan":"pro","billing_interval":"monthly","value":1e999}}]}';
    const response = await collector.post(null, { path: '/debug/mp/collect', raw });
    const { validationMessages } = (await response.json()) as { validationMessages: { validationCode: string; fieldPath: string }[] };
    expect(validationMessages.map((m) => `${m.validationCode} ${m.fieldPath}`)).toContain('VALUE_INVALID events[0].params.value');
  });

  it('limits: 100 characters per value, 1000/300/420 for page_location/title/referrer, exactly at the limit is fine', async () => {
    const at = (params: Record<string, unknown>) => codes(request({ name: 'purchase', params: { transaction_id: 'cs_test_a1B2c3D4e5F6', ...params } }));
    expect(await at({ coupon: 'c'.repeat(100) })).toEqual([]);
    expect(await at({ coupon: 'c'.repeat(101) })).toEqual(['VALUE_OUT_OF_BOUNDS events[0].params.coupon']);
    expect(await at({ page_location: `https://a.test/${'p'.repeat(1000 - 15)}` })).toEqual([]);
    expect(await at({ page_title: 't'.repeat(300) })).toEqual([]);
    expect(await at({ page_referrer: `https://r.test/${'r'.repeat(420 - 15)}` })).toEqual([]);
  });

  it('EXCEEDED_MAX_ENTITIES: more than 25 params, more than 25 events; 25 of each are fine', async () => {
    const params = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));
    expect(await codes(request({ name: 'purchase', params: { transaction_id: 'cs_test_a1B2c3D4e5F6', ...params(24) } }))).toEqual([]);
    expect(await codes(request({ name: 'purchase', params: { transaction_id: 'cs_test_a1B2c3D4e5F6', ...params(25) } }))).toEqual([
      'EXCEEDED_MAX_ENTITIES events[0].params',
    ]);
    const events = (n: number) => Array.from({ length: n }, () => ev('paywall_viewed'));
    expect(await codes(request(...events(25)))).toEqual([]);
    expect(await codes(request(...events(26)))).toEqual(['EXCEEDED_MAX_ENTITIES events']);
  });

  it('a body over 130 kB is out of bounds, and the over-long request still stores each event as bad', async () => {
    const padding = 'x'.repeat(99);
    const events = Array.from({ length: 25 }, () => ev('purchase', { transaction_id: 'cs_test_a1B2c3D4e5F6', ...Object.fromEntries(Array.from({ length: 23 }, (_, i) => [`p${i}`, padding])) }));
    const body = request(...events);
    expect(JSON.stringify(body).length).toBeGreaterThan(60_000);
    const big = { ...body, user_properties: Object.fromEntries(Array.from({ length: 1600 }, (_, i) => [`u${i}`, { value: padding.slice(0, 30) }])) };
    expect(JSON.stringify(big).length).toBeGreaterThan(130_000);
    expect(await codes(big)).toContain('VALUE_OUT_OF_BOUNDS ');
    await collector.collect(big);
    const bad = await collector.bad();
    expect(bad).toHaveLength(25);
    expect(bad.every((e) => e.reasons!.some((r) => r.validationCode === 'VALUE_OUT_OF_BOUNDS' && r.fieldPath === ''))).toBe(true);
    expect(await collector.events()).toEqual([]);
  });

  it('request-level problems make every event of the request bad', async () => {
    await collector.collect({ events: [ev('paywall_viewed'), ev('upgrade_clicked')] });
    const bad = await collector.bad();
    expect(bad.map((e) => e.reasons!.map((r) => r.validationCode))).toEqual([['VALUE_REQUIRED'], ['VALUE_REQUIRED']]);
  });

  it('accepts app_instance_id in place of client_id', async () => {
    expect(await codes({ app_instance_id: 'a1b2', events: [ev('paywall_viewed')] })).toEqual([]);
  });
});

describe('taxonomy rules', () => {
  it.each([
    ['VALUE_REQUIRED events[0].params.paywall_reason', ev('paywall_viewed', { paywall_reason: undefined })],
    ['VALUE_INVALID events[0].params.plan_type', ev('paywall_viewed', { plan_type: 'gold' })],
    ['UNSUPPORTED_TYPE events[0].params.plan_type', ev('paywall_viewed', { plan_type: 1 })],
    ['UNKNOWN_FIELD events[0].params.reason', ev('paywall_viewed', { reason: 'x' })],
    ['VALUE_INVALID events[0].params.token_bucket', ev('generation_completed', { token_bucket: '1000-2000' })],
    ['UNSUPPORTED_TYPE events[0].params.token_bucket', ev('generation_completed', { token_bucket: 1500 })],
    ['UNSUPPORTED_TYPE events[0].params.success', ev('generation_completed', { success: 'true' })],
    ['VALUE_INVALID events[0].params.currency', ev('checkout_started', { currency: 'eur' })],
    ['UNSUPPORTED_TYPE events[0].params.value', ev('checkout_started', { value: '12' })],
    ['VALUE_OUT_OF_BOUNDS events[0].params.value', ev('checkout_started', { value: -1 })],
    ['UNKNOWN_EVENT events[0].name', ev('signup_start')],
  ])('%s', async (expected, event) => {
    expect(await codes(request(event))).toEqual([expected]);
  });

  it('suggests the closest event, param, enum value and bucket label', async () => {
    const messages = await collector.validate(
      request(ev('signup_strated'), ev('paywall_viewed', { paywal_reason: 'x' }), ev('paywall_viewed', { plan_type: 'fre' }), ev('generation_completed', { duration_bucket: '1s-3s' })),
    );
    const text = messages.map((m) => m.description).join('\n');
    expect(text).toContain('"signup_strated" is not an event of taxonomy collector-fixture 1.0.0. Did you mean "signup_started"?');
    expect(text).toContain('"paywal_reason" is not a param of "paywall_viewed"; it takes paywall_reason, plan_type, feature, model. Did you mean "paywall_reason"?');
    expect(text).toContain('"fre" is not one of free, pro, enterprise. Did you mean "free"?');
    expect(text).toContain('"1s-3s" is not a bucket label of "duration_bucket" (0-500ms, 500ms-1s, 1s-2s, 2s-5s, 5s-10s, 10s-20s, 20s-30s, 30s-1m, 1m+). Did you mean "1s-2s"?');
  });

  it('accepts bucket labels, booleans, patterns and GA4 common params on taxonomy events', async () => {
    const common = { page_location: 'https://quill.test/app', page_title: 'Quill - App', page_referrer: 'https://quill.test/', language: 'en-us', debug_mode: true, ga_session_number: 2 };
    expect(await codes(request(ev('generation_completed', { ...common, correlation_id: 'gen_8fK2mQ9xLp' }), ev('checkout_completed', common)))).toEqual([]);
  });

  it('accepts the built-in events: page_view, purchase and the web vitals', async () => {
    const vital = { value: 1840, metric_id: 'v6-1763892000000-1234567890123', metric_value: 1840.2, metric_delta: 1840.2, metric_rating: 'good', debug_target: 'main>h1' };
    const events = [
      { name: 'page_view', params: { page_location: 'https://quill.test/pricing', page_title: 'Quill - Pricing', page_referrer: 'https://quill.test/', session_id: '1763892000', engagement_time_msec: 1 } },
      { name: 'purchase', params: { transaction_id: 'cs_test_a1B2c3D4e5F6', value: 12, currency: 'EUR', items: [{ item_id: 'pro_monthly', item_name: 'Pro', price: 12, quantity: 1 }], plan: 'pro' } },
      ...['LCP', 'INP', 'CLS', 'FCP', 'TTFB'].map((name) => ({ name, params: vital })),
    ];
    expect(await codes(request(...events))).toEqual([]);
    expect(await codes(request({ name: 'purchase', params: { value: 12 } }))).toEqual([
      'VALUE_REQUIRED events[0].params.transaction_id',
      'VALUE_REQUIRED events[0].params.currency',
    ]);
    expect(await codes(request({ name: 'LCP', params: { ...vital, metric_rating: 'meh', metric_value: '1' } }))).toEqual([
      'UNSUPPORTED_TYPE events[0].params.metric_value',
      'VALUE_INVALID events[0].params.metric_rating',
    ]);
    expect(await codes(request({ name: 'page_view', params: { prompt: 'hello' } }))).toEqual(['UNKNOWN_FIELD events[0].params.prompt']);
  });
});

describe('PII detection', () => {
  const secrets = {
    email: 'write to jane.doe@example.com please',
    phone: 'call +1 415 555 0100',
    card: '4242 4242 4242 4242',
    key: 'sk-proj-abcdefghijklmnop1234567890',
  };

  it('stores a PII-carrying event as bad with PII_DETECTED, scrubbed params, and no raw value anywhere', async () => {
    await collector.collect({
      client_id: '111.222',
      user_id: 'jane.doe@example.com',
      events: [
        { name: 'page_view', params: { page_location: 'https://quill.test/signup?email=jane.doe%40example.com', session_id: '1763892000' } },
        { name: 'purchase', params: { transaction_id: 'cs_test_a1B2c3D4e5F6', value: 1, currency: 'EUR', coupon: secrets.card, affiliation: secrets.phone } },
        ev('paywall_viewed', { model: secrets.key, plan_type: secrets.email }),
      ],
    });
    const bad = await collector.bad();
    expect(bad).toHaveLength(3);
    expect(await collector.events()).toEqual([]);
    const stored = JSON.stringify(bad);
    for (const raw of ['jane.doe', 'example.com', '4242 4242', '555 0100', 'abcdefghijklmnop']) expect(stored).not.toContain(raw);
    expect(bad[0]!.user_id).toBe('[email]');
    expect(bad[0]!.params['page_location']).toBe('https://quill.test/signup');
    expect(bad[0]!.reasons![1]!.description).toBe(
      'The value looks like personal data or a secret (a query parameter that carries personal data or a secret); it is stored scrubbed: "https://quill.test/signup".',
    );
    expect(bad[1]!.params).toMatchObject({ coupon: '[card]', affiliation: 'call [phone]', transaction_id: 'cs_test_a1B2c3D4e5F6' });
    expect(bad[2]!.params).toMatchObject({ model: '[secret]', plan_type: 'write to [email] please' });
    const pii = bad.flatMap((e) => e.reasons!.filter((r) => r.validationCode === 'PII_DETECTED').map((r) => r.fieldPath));
    expect(pii).toEqual([
      'user_id', 'events[0].params.page_location',
      'user_id', 'events[1].params.coupon', 'events[1].params.affiliation',
      'user_id', 'events[2].params.plan_type', 'events[2].params.model',
    ]);
    expect(collector.lines.join('\n')).not.toContain('jane.doe');
  });

  it('checks URLs the way the browser runtime scrubs them: the host is kept, the path and query are checked', async () => {
    const view = (page_location: string) => ({ name: 'page_view', params: { page_location, page_referrer: 'http://127.0.0.1:3000/?_gl=1*1abc*_ga*MTIz' } });
    expect(await codes(request(view('http://127.0.0.1:3000/app?feature=rewrite')))).toEqual([]);
    expect(await codes(request(view('http://localhost:3000/success?session_id=cs_test_a1B2c3D4e5F6g7H8')))).toEqual(['PII_DETECTED events[0].params.page_location']);
    expect(await codes(request(view('http://localhost:3000/u/jane@example.com')))).toEqual(['PII_DETECTED events[0].params.page_location']);
  });

  it('keeps ids that only look random: GA client and session ids, transaction and correlation ids, metric ids', async () => {
    await collector.collect({
      client_id: '1234567890.1763892000',
      user_id: 'usr_7Hq2LmX9pR4tK8wZ',
      events: [
        ev('checkout_completed', { transaction_id: 'cs_test_a1B2c3D4e5F6g7H8i9J0k1L2m3N4' }),
        ev('generation_started', { correlation_id: 'Zx8Kq2Lm9Pw4Rt7Y' }),
        { name: 'INP', params: { value: 72, metric_id: 'v6-1763892000000-8123456789012', metric_value: 72, metric_delta: 72, session_id: 1763892000 } },
      ],
    });
    expect(await collector.bad()).toEqual([]);
    expect((await collector.events()).map((e) => e.session_id)).toEqual(['1763892000', '1763892000', '1763892000']);
  });

  it('a key-shaped value in an id param is still a secret', async () => {
    expect(await codes(request(ev('checkout_completed', { transaction_id: 'sk_live_abcdefghijklmnop1234' })))).toContain(
      'PII_DETECTED events[0].params.transaction_id',
    );
  });

  it('never repeats the raw value in a description, even for other codes', async () => {
    const messages = await collector.validate(request(ev('paywall_viewed', { plan_type: 'jane.doe@example.com' }), { name: 'jane@example.com', params: {} }));
    expect(messages.map((m) => m.validationCode)).toEqual(['VALUE_INVALID', 'PII_DETECTED', 'NAME_INVALID', 'PII_DETECTED']);
    expect(JSON.stringify(messages)).not.toMatch(/jane/);
  });
});
