import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from './lib/backends.js';
import { ev, startTestCollector, type TestCollector } from './lib/collector-client.js';

const DEMO = 'http://localhost:3000';
const counters = (requests: number) => ({ requests, unparseable: 0, too_large: 0, made_storable: 0 });

describe.each(backends)('collector over HTTP on $name', (backend) => {
  let collector: TestCollector;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const db = await backend.open();
    dispose = db.dispose;
    collector = await startTestCollector({ ...db.options, allowedOrigins: [DEMO] });
  });
  afterAll(async () => {
    await collector.close();
    await dispose();
  });
  beforeEach(async () => {
    expect((await fetch(`${collector.url}/events`, { method: 'DELETE' })).status).toBe(204);
  });

  it('answers 204 like GA and stores valid events as good with their params, ids and times', async () => {
    const before = Date.now();
    await collector.collect({ client_id: '111.222', user_id: 'u_42', events: [ev('paywall_viewed'), ev('upgrade_clicked')] });
    const events = await collector.events();
    expect(events.map((e) => e.name)).toEqual(['paywall_viewed', 'upgrade_clicked']);
    expect(events[0]).toMatchObject({
      client_id: '111.222',
      user_id: 'u_42',
      session_id: '1763892000',
      params: { paywall_reason: 'free_limit_reached', plan_type: 'free', session_id: '1763892000', engagement_time_msec: 100 },
    });
    expect(events[0]!.id).toBeLessThan(events[1]!.id);
    expect(Date.parse(events[0]!.received_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(await collector.bad()).toEqual([]);
    expect(await collector.json('/health')).toEqual({ ok: true, good: 2, bad: 0, requests: counters(1) });
  });

  it('stores invalid events as bad with every reason, next to the good ones of the same request', async () => {
    await collector.collect({
      client_id: '111.222',
      events: [ev('paywall_viewed'), ev('upgrade_clicked', { source: 'paywal', target_plan: undefined, coupon: 'x' }), ev('landing_view')],
    });
    expect((await collector.events()).map((e) => e.name)).toEqual(['paywall_viewed']);
    const bad = await collector.bad();
    expect(bad.map((e) => e.name)).toEqual(['upgrade_clicked', 'landing_view']);
    expect(bad[0]!.params).toMatchObject({ source: 'paywal', coupon: 'x' });
    expect(bad[0]!.reasons).toEqual([
      { fieldPath: 'events[1].params.source', validationCode: 'VALUE_INVALID', description: expect.stringContaining('Did you mean "paywall"?') },
      { fieldPath: 'events[1].params.coupon', validationCode: 'UNKNOWN_FIELD', description: expect.stringContaining('it takes source, plan_type, target_plan') },
    ]);
    expect(bad[1]!.reasons).toEqual([
      { fieldPath: 'events[2].name', validationCode: 'UNKNOWN_EVENT', description: expect.stringContaining('Did you mean "landing_viewed"?') },
    ]);
    expect(await collector.json('/health')).toEqual({ ok: true, good: 1, bad: 2, requests: counters(1) });
    expect(collector.lines.some((l) => l.startsWith('collect 1 good, 2 bad (client 111.222)'))).toBe(true);
  });

  it('keeps the event time from timestamp_micros (request or event level) and the receive time apart', async () => {
    const at = Date.now() - 3_600_000;
    await collector.collect({ client_id: 'a.1', timestamp_micros: at * 1000, events: [ev('paywall_viewed'), ev('upgrade_clicked', {}, (at + 5000) * 1000)] });
    const [first, second] = await collector.events();
    expect(first!.event_time).toBe(new Date(at).toISOString());
    expect(second!.event_time).toBe(new Date(at + 5000).toISOString());
    expect(Date.parse(first!.received_at)).toBeGreaterThan(at + 3_000_000);
  });

  it('filters /events by name, client_id, session_id and since, oldest first', async () => {
    await collector.collect({ client_id: 'c.1', events: [ev('paywall_viewed', { session_id: 's1' }), ev('upgrade_clicked', { session_id: 's1' })] });
    await collector.collect({ client_id: 'c.2', events: [ev('paywall_viewed', { session_id: 's2' })] });
    const names = async (q: Record<string, string>) => (await collector.events(q)).map((e) => `${e.name}@${e.client_id}`);
    expect(await names({ name: 'paywall_viewed' })).toEqual(['paywall_viewed@c.1', 'paywall_viewed@c.2']);
    expect(await names({ client_id: 'c.1' })).toEqual(['paywall_viewed@c.1', 'upgrade_clicked@c.1']);
    expect(await names({ session_id: 's2' })).toEqual(['paywall_viewed@c.2']);
    expect(await names({ name: 'upgrade_clicked', client_id: 'c.2' })).toEqual([]);
    const cut = new Date(Date.now() + 1000).toISOString();
    await new Promise((r) => setTimeout(r, 1100));
    await collector.collect({ client_id: 'c.3', events: [ev('paywall_viewed')] });
    expect(await names({ since: cut })).toEqual(['paywall_viewed@c.3']);
    expect(await names({ limit: '1' })).toEqual(['paywall_viewed@c.1']);
    const wrong = await fetch(`${collector.url}/events?since=yesterday`);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: expect.stringContaining('since=yesterday is not a date; expected ISO 8601') });
  });

  it('filters /events/bad the same way and DELETE /events empties both', async () => {
    await collector.collect({ client_id: 'c.1', events: [ev('nope'), ev('paywall_viewed')] });
    await collector.collect({ client_id: 'c.2', events: [ev('nope')] });
    expect((await collector.bad({ client_id: 'c.2' })).map((e) => e.client_id)).toEqual(['c.2']);
    const reset = await fetch(`${collector.url}/events`, { method: 'DELETE' });
    expect(reset.status).toBe(204);
    expect(reset.headers.get('access-control-allow-origin')).toBeNull();
    expect(await collector.events()).toEqual([]);
    expect(await collector.bad()).toEqual([]);
    expect(await collector.json('/health')).toEqual({ ok: true, good: 0, bad: 0, requests: counters(0) });
  });

  it('/debug/mp/collect answers GA-shaped validation messages and stores nothing', async () => {
    const good = await collector.validate({ client_id: 'c.1', events: [ev('paywall_viewed')] });
    expect(good).toEqual([]);
    const messages = await collector.validate({ events: [{ name: '_bad', params: {} }, ev('paywall_viewed', { plan_type: 'gold' })] });
    expect(messages).toEqual([
      { fieldPath: 'client_id', validationCode: 'VALUE_REQUIRED', description: 'client_id (web) or app_instance_id (app) is required.' },
      { fieldPath: 'events[0].name', validationCode: 'NAME_RESERVED', description: 'The event name "_bad" starts with the reserved prefix "_".' },
      { fieldPath: 'events[1].params.plan_type', validationCode: 'VALUE_INVALID', description: '"gold" is not one of free, pro, enterprise.' },
    ]);
    expect(await collector.json('/health')).toEqual({ ok: true, good: 0, bad: 0, requests: counters(0) });
  });

  it('answers the CORS preflight of an allowed origin and accepts its sendBeacon text/plain body', async () => {
    const preflight = await fetch(`${collector.url}/mp/collect?measurement_id=G-1`, {
      method: 'OPTIONS',
      headers: { origin: DEMO, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(DEMO);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const beacon = await collector.post(null, {
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: DEMO },
      raw: JSON.stringify({ client_id: 'b.1', events: [ev('paywall_viewed')] }),
    });
    expect(beacon.status).toBe(204);
    expect(beacon.headers.get('access-control-allow-origin')).toBe(DEMO);
    expect((await collector.events()).map((e) => e.client_id)).toEqual(['b.1']);
    const read = await fetch(`${collector.url}/events`, { headers: { origin: DEMO } });
    expect(read.headers.get('access-control-allow-origin')).toBe(DEMO);
    expect(read.headers.get('vary')).toBe('origin');
  });

  it('stores an unparseable body as one bad event instead of losing it', async () => {
    const response = await collector.post(null, { raw: '{"client_id": "x", "events": [' });
    expect(response.status).toBe(204);
    const [bad] = await collector.bad();
    expect(bad).toMatchObject({ name: '', params: {} });
    expect(bad!.reasons).toEqual([{ fieldPath: '', validationCode: 'VALUE_INVALID', description: expect.stringMatching(/^The body is not JSON/) }]);
  });

  it('answers unknown routes 404 and wrong methods 405 with a JSON error', async () => {
    const missing = await fetch(`${collector.url}/collect`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('Routes: POST /mp/collect');
    const wrong = await fetch(`${collector.url}/mp/collect`);
    expect(wrong.status).toBe(405);
    const by = await fetch(`${collector.url}/funnels?by=session`);
    expect(by.status).toBe(400);
    expect(await by.json()).toEqual({ error: 'by=session is not supported; expected by=client or by=user.' });
  });
});
