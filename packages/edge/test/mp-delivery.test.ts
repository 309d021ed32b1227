import { afterEach, describe, expect, it } from 'vitest';
import { eventDefinitions, type EventMap, type ServerEventName } from './fixtures/taxon/index.js';
import {
  createMeasurementProtocol,
  type MeasurementProtocolDrop,
  type MeasurementProtocolOptions,
} from '../src/index.js';
import { createGaMock, type GaFault } from './lib/ga-mock.js';
import { useMockServer } from './lib/mock-server.js';

/** Faults to inject, consumed one per request; `undefined` answers normally. */
let faults: (GaFault | undefined)[] = [];
const ga = createGaMock({ baseUrl: 'http://ga.test', fault: () => faults.shift() });
useMockServer([ga]);
afterEach(() => {
  faults = [];
});

const ids = { clientId: '42.1700000000', sessionId: '1700000002' };

/** A client on virtual time: waits advance the clock at once and are recorded. */
function client(options: Partial<MeasurementProtocolOptions> = {}) {
  const drops: MeasurementProtocolDrop[] = [];
  const clock = { t: Date.now(), sleeps: [] as number[] };
  const mp = createMeasurementProtocol<EventMap, ServerEventName>({
    measurementId: 'G-DELIVERY',
    apiSecret: 'top-secret-value',
    baseUrl: 'http://ga.test',
    taxonomy: { events: eventDefinitions },
    concurrency: 1,
    onDrop: (drop) => drops.push(drop),
    clock: {
      now: () => clock.t,
      sleep: async (ms) => {
        clock.sleeps.push(ms);
        clock.t += ms;
      },
      random: () => 0.5,
    },
    ...options,
  });
  return { mp, drops, clock };
}

const cancel = (mp: ReturnType<typeof client>['mp'], key: string) =>
  mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: key });

describe('MP delivery', () => {
  it('retries 500, 503, network errors and 429 (honouring Retry-After) and delivers once', async () => {
    faults = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'network' },
      { kind: 'status', status: 429, retryAfter: '7' },
    ];
    const { mp, clock, drops } = client();
    cancel(mp, 'a');
    expect(await mp.flush()).toMatchObject({ delivered: 1, dropped: 0 });
    expect(ga.requests).toHaveLength(5);
    expect(new Set(ga.requests.map((r) => r.rawBody)).size).toBe(1);
    expect(ga.events()).toHaveLength(1);
    // Full jitter (random 0.5) of 500, 1000, 2000 ms, then the server's 7 s.
    expect(clock.sleeps).toEqual([250, 500, 1000, 7000]);
    expect(drops).toEqual([]);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { mp, clock } = client();
    faults = [{ kind: 'status', status: 503, retryAfter: new Date(clock.t + 20_000).toUTCString() }];
    cancel(mp, 'a');
    await mp.flush();
    expect(clock.sleeps[0]).toBeGreaterThan(18_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(20_000);
    expect(ga.events()).toHaveLength(1);
  });

  it('counts every event of a batch as budget_exceeded when the budget runs out', async () => {
    faults = Array(10).fill({ kind: 'status', status: 503, retryAfter: '20' });
    const { mp, drops } = client({ budgetMs: 30_000 });
    for (const key of ['a', 'b', 'c']) cancel(mp, key);
    const result = await mp.flush();
    expect(result).toMatchObject({ delivered: 0, dropped: 3 });
    expect(result.dropCounts.budget_exceeded).toBe(3);
    expect(drops.map((d) => [d.reason, d.dedupeKey])).toEqual([
      ['budget_exceeded', 'a'],
      ['budget_exceeded', 'b'],
      ['budget_exceeded', 'c'],
    ]);
    // One wait of 20 s; the next would end at 40 s, past the 30 s budget.
    expect(ga.requests).toHaveLength(2);
  });

  it('drops with network_error after the last attempt, never naming the API secret', async () => {
    faults = Array(10).fill({ kind: 'network' });
    const { mp, drops } = client({ retry: { maxAttempts: 3 } });
    cancel(mp, 'a');
    expect((await mp.flush()).dropCounts.network_error).toBe(1);
    expect(ga.requests).toHaveLength(3);
    expect(drops[0]?.detail).toMatch(/network error.*after 3 attempts/);
    expect(JSON.stringify(drops)).not.toContain('top-secret-value');
  });

  it('a bounded queue drops the overflow with queue_overflow', async () => {
    const { mp, drops } = client({ maxQueue: 5 });
    for (let i = 0; i < 8; i++) cancel(mp, `k${i}`);
    const result = await mp.flush();
    expect(result).toMatchObject({ delivered: 5, dropped: 3 });
    expect(result.dropCounts.queue_overflow).toBe(3);
    expect(drops.map((d) => d.dedupeKey)).toEqual(['k5', 'k6', 'k7']);
    expect(ga.events()).toHaveLength(5);
  });

  it('an event dropped in delivery releases its dedupe key, so a later resend is delivered', async () => {
    faults = [{ kind: 'network' }, { kind: 'network' }];
    const { mp, drops } = client({ retry: { maxAttempts: 2 } });
    cancel(mp, 'webhook-evt-1');
    await mp.flush();
    cancel(mp, 'webhook-evt-1');
    const result = await mp.flush();
    expect(result).toMatchObject({ delivered: 1, dropped: 1 });
    expect(drops.map((d) => d.reason)).toEqual(['network_error']);
  });

  it('after an acknowledged-then-failed request, the retry carries the same dedupe key', async () => {
    faults = [{ kind: 'network', ack: true }];
    const { mp } = client({ dedupeParam: 'event_id' });
    cancel(mp, 'evt-9');
    expect(await mp.flush()).toMatchObject({ delivered: 1, dropped: 0 });
    // The server saw both copies; a receiver dedupes them by event_id.
    expect(ga.events().map((e) => e.params.event_id)).toEqual(['evt-9', 'evt-9']);
  });

  it('gives up a request that does not answer within requestTimeoutMs and retries it', async () => {
    let calls = 0;
    const hanging: typeof fetch = (_url, init) => {
      calls++;
      if (calls > 1) return Promise.resolve(new Response(null, { status: 204 }));
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    };
    const { mp, drops } = client({ fetch: hanging, requestTimeoutMs: 30 });
    cancel(mp, 'a');
    expect(await mp.flush()).toMatchObject({ delivered: 1, dropped: 0 });
    expect(calls).toBe(2);
    expect(drops).toEqual([]);
  });

  it('flush never rejects, even when fetch throws synchronously', async () => {
    const throwing = (() => {
      throw new Error('fetch is broken');
    }) as typeof fetch;
    const { mp } = client({ fetch: throwing, retry: { maxAttempts: 2 } });
    cancel(mp, 'a');
    await expect(mp.flush()).resolves.toMatchObject({ delivered: 0, dropped: 1 });
  });
});
