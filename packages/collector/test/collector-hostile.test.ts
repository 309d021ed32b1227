// The collector's contract under hostile input: no request is answered 5xx because of its
// content, each event is judged on its own, and every received event is stored (good or bad).
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from './lib/backends.js';
import { ev, startTestCollector, type TestCollector } from './lib/collector-client.js';

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const body = (...events: string[]) => `{"client_id":"c.1","events":[${events.join(',')}]}`;
const valid = () => JSON.stringify(ev('paywall_viewed'));

describe.each(backends)('collector under hostile input on $name', (backend) => {
  let collector: TestCollector;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const db = await backend.open();
    dispose = db.dispose;
    collector = await startTestCollector(db.options);
  });
  afterAll(async () => {
    await collector.close();
    await dispose();
  });
  beforeEach(async () => {
    expect((await fetch(`${collector.url}/events`, { method: 'DELETE' })).status).toBe(204);
  });

  it.each([
    ['a NUL character in a value', JSON.stringify(ev('paywall_viewed', { plan_type: 'fr\u0000ee' })), 'VALUE_INVALID'],
    ['a NUL character in a key', JSON.stringify(ev('paywall_viewed', { 'k\u0000': 1 })), 'VALUE_INVALID'],
    ['a NUL character in the name', JSON.stringify({ name: 'paywall\u0000viewed', params: {} }), 'VALUE_INVALID'],
    ['a lone high surrogate', JSON.stringify(ev('paywall_viewed', { plan_type: 'free\ud800' })), 'VALUE_INVALID'],
    ['a lone low surrogate (escaped)', '{"name":"paywall_viewed","params":{"plan_type":"\\udc00free"}}', 'VALUE_INVALID'],
    ['params nested 20000 deep', `{"name":"paywall_viewed","params":{"x":${nested(20_000)}}}`, 'VALUE_OUT_OF_BOUNDS'],
    ['a number JSON reads as Infinity', '{"name":"checkout_started","params":{"value":1e999}}', 'VALUE_INVALID'],
  ])('stores an event with %s as bad, beside the valid ones, and answers 204', async (_, hostile, code) => {
    const response = await collector.post(null, { raw: body(valid(), hostile, valid()) });
    expect(response.status).toBe(204);
    expect((await collector.events()).map((e) => e.name)).toEqual(['paywall_viewed', 'paywall_viewed']);
    const [bad, ...more] = await collector.bad();
    expect(more).toEqual([]);
    expect(bad!.reasons!.map((r) => r.validationCode)).toContain(code);
    const stored = JSON.stringify(bad);
    expect(stored).not.toMatch(/\\u0000|\\ud[89a-f]/i);
    expect(await collector.json('/health')).toMatchObject({ good: 2, bad: 1, requests: { requests: 1, made_storable: 1 } });
  });

  it('stores a NUL in client_id, user_id and measurement_id replaced, every event bad with the reason', async () => {
    const response = await collector.post(null, {
      path: '/mp/collect?measurement_id=G-%00X',
      raw: JSON.stringify({ client_id: 'c\u0000.1', user_id: 'u\ud800', events: [ev('paywall_viewed'), ev('upgrade_clicked')] }),
    });
    expect(response.status).toBe(204);
    const bad = await collector.bad();
    expect(bad.map((e) => [e.name, e.client_id, e.user_id])).toEqual([
      ['paywall_viewed', 'c\uFFFD.1', 'u\uFFFD'],
      ['upgrade_clicked', 'c\uFFFD.1', 'u\uFFFD'],
    ]);
    expect(bad[0]!.reasons!.map((r) => r.fieldPath)).toEqual(['client_id', 'user_id']);
    // A filter holding NUL matches nothing instead of failing in the database.
    const filtered = await fetch(`${collector.url}/events/bad?client_id=c%00.1`);
    expect(filtered.status).toBe(200);
  });

  it('keeps __proto__, constructor and prototype keys as data, never as prototypes', async () => {
    const raw = body('{"name":"paywall_viewed","params":{"__proto__":{"polluted":1},"constructor":"c","prototype":"p",' +
      '"items":[{"__proto__":"x","item_id":"i1"}],"plan_type":"free","paywall_reason":"free_limit_reached"}}');
    expect((await collector.post(null, { raw })).status).toBe(204);
    const [stored] = await collector.bad();
    const params = stored!.params as Record<string, unknown>;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.hasOwn(params, '__proto__')).toBe(true);
    expect(params['__proto__']).toEqual({ polluted: 1 });
    expect(params['polluted']).toBeUndefined();
    expect(params['constructor']).toBe('c');
    expect(params['prototype']).toBe('p');
    const item = (params['items'] as Record<string, unknown>[])[0]!;
    expect(Object.hasOwn(item, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('answers an unparseable or non-object body 204, counts it in /health and shows it in /events/bad', async () => {
    for (const raw of ['{"client_id": "x", "events": [', '"just a string"', '\u0000\ud800', '[[[[[[[[[[']) {
      expect((await collector.post(null, { raw })).status).toBe(204);
    }
    expect(await collector.json('/health')).toMatchObject({ good: 0, bad: 4, requests: { requests: 4, unparseable: 4 } });
    const bad = await collector.bad();
    expect(bad.map((e) => e.name)).toEqual(['', '', '', '']);
    // The parser's message quotes the body; a description never does.
    expect(bad[0]!.reasons![0]!.description).not.toContain('client_id": "x"');
  });

  it('never echoes internals: error answers are fixed messages or say what was expected', async () => {
    const answers = await Promise.all([
      fetch(`${collector.url}/events?limit=0`),
      fetch(`${collector.url}/events?since=%00`),
      fetch(`${collector.url}/funnels?by=%00`),
      fetch(`${collector.url}//%00`),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500);
      const text = await answer.text();
      expect(text).not.toMatch(/at .*\.ts:|stack|syntax error at or near|invalid input syntax|unsupported Unicode/i);
    }
  });

  it('property: for any mix of valid and hostile events, events in == good + bad and the answer is 2xx', async () => {
    const hostileString = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000b', '\ud83d', '\ud83d\ude00', '__proto__', ''),
    );
    const leaf = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(hostileString, tie('node'), { maxKeys: 3 })),
    })).node;
    const hostileEvent = fc.oneof(
      fc.record({ name: hostileString, params: fc.dictionary(hostileString, value, { maxKeys: 4 }) }),
      fc.record({ name: fc.constantFrom('paywall_viewed', 'upgrade_clicked'), params: fc.dictionary(hostileString, value) }),
      value,
    );
    const validEvents = ['paywall_viewed', 'upgrade_clicked', 'generation_completed'].map((n) => ev(n));
    const validTexts = new Set(validEvents.map((e) => JSON.stringify(e)));
    const validEvent = fc.constantFrom(...validEvents);
    const deepEvent = fc.integer({ min: 50, max: 3_000 }).map((depth) => ({ deep: depth }));
    const events = fc.array(fc.oneof(validEvent, hostileEvent, deepEvent), { minLength: 1, maxLength: 12 });
    const serialise = (list: unknown[]) => body(...list.map((e) =>
      typeof e === 'object' && e !== null && 'deep' in e
        ? `{"name":"paywall_viewed","params":{"x":${nested((e as { deep: number }).deep)}}}`
        : JSON.stringify(e) ?? 'null'));

    await fc.assert(
      fc.asyncProperty(events, async (list) => {
        await fetch(`${collector.url}/events`, { method: 'DELETE' });
        const response = await collector.post(null, { raw: serialise(list) });
        expect(response.status).toBe(204);
        const { good, bad } = await collector.json<{ good: number; bad: number }>('/health');
        expect(good + bad).toBe(list.length);
        // Every valid event stays good, whatever its neighbours hold.
        expect(good).toBe(list.filter((e) => validTexts.has(JSON.stringify(e))).length);
      }),
      { numRuns: backend.name === 'pglite' ? 60 : 40 },
    );
  });
});
