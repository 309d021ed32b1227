// The fault test: N events through a flaky endpoint. Each event ends exactly once on the client
// (acknowledged, or dropped with a reason), nothing is lost, and the endpoint sees an event twice
// only after an ambiguous failure (it recorded the request, then the connection failed).
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emptyDropCounts, type DropReason } from '@taxon/core';
import { eventDefinitions, type EventMap, type ServerEventName } from './fixtures/taxon/index.js';
import { createMeasurementProtocol, type MeasurementProtocolDrop } from '../src/index.js';
import { createGaMock, type GaFault, type GaRequest } from './lib/ga-mock.js';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261123;
const N = 500;
const faultRandom = seeded(SEED);

function flaky(): GaFault | undefined {
  const r = faultRandom();
  if (r < 0.12) return { kind: 'network' };
  if (r < 0.2) return { kind: 'status', status: [500, 502, 503][Math.floor(faultRandom() * 3)] as number };
  if (r < 0.27) return { kind: 'status', status: 429, retryAfter: String(1 + Math.floor(faultRandom() * 3)) };
  if (r < 0.33) return { kind: 'network', ack: true };
  if (r < 0.37) return { kind: 'status', status: 503, ack: true };
  return undefined;
}

const faultName = (fault: GaFault | undefined) =>
  fault ? `${fault.kind === 'status' ? fault.status : 'network'}${fault.ack ? '+ack' : ''}` : 'ok';

/** The dedupe keys (sent as `event_id`) of a request's events. */
const keysOf = (request: GaRequest) => request.payload.events.map((e) => e.params.event_id as string);

const ga = createGaMock({ baseUrl: 'http://flaky.test', fault: flaky });
const server = setupServer(...ga.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it(`${N} sends through a flaky endpoint: each delivered once or dropped with a reason`, async () => {
  const random = seeded(SEED + 1);
  const drops: MeasurementProtocolDrop[] = [];
  let t = Date.now();
  const mp = createMeasurementProtocol<EventMap, ServerEventName>({
    measurementId: 'G-FAULT',
    apiSecret: 'fault-secret',
    baseUrl: 'http://flaky.test',
    taxonomy: { events: eventDefinitions },
    dedupeParam: 'event_id',
    concurrency: 3,
    retry: { maxAttempts: 4, baseDelayMs: 200 },
    budgetMs: 8_000,
    onDrop: (drop) => drops.push(drop),
    clock: {
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
      random,
    },
  });

  const users = Array.from({ length: 7 }, (_, i) => ({
    clientId: `${1000 + i}.1700000000`,
    sessionId: `17000000${i}`,
  }));
  const keys: string[] = []; // every unique event
  const accepted: string[] = []; // keys a resend may repeat (an old event never claims its key)
  let duplicateSends = 0;
  let oldSends = 0;
  for (let i = 0; i < N; i++) {
    const user = users[Math.floor(random() * users.length)]!;
    const resend = accepted.length > 0 && random() < 0.05;
    const old = !resend && random() < 0.02;
    const key = resend ? accepted[Math.floor(random() * accepted.length)]! : `evt-${i}`;
    if (resend) duplicateSends++;
    else keys.push(key);
    if (old) oldSends++;
    else if (!resend) accepted.push(key);
    const timestamp = new Date(t - (old ? 80 : 1) * 3600_000);
    const ids = { ...user, ...(i % 3 === 0 ? { userId: `u${i % 11}` } : {}), timestamp };
    mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: key });
  }

  const result = await mp.flush();

  // 1. Client accounting: every send ended exactly once, and every drop has a reason.
  expect(result.delivered + result.dropped).toBe(N);
  expect(drops).toHaveLength(result.dropped);
  const counted = emptyDropCounts();
  for (const drop of drops) counted[drop.reason]++;
  expect(result.dropCounts).toEqual(counted);
  expect(result.dropCounts.duplicate).toBe(duplicateSends);
  expect(result.dropCounts.limit_exceeded).toBe(oldSends);
  expect(drops.every((d) => typeof d.dedupeKey === 'string' && d.detail)).toBe(true);

  // 2. What the endpoint acknowledged: each key at most once (retries resend only unacknowledged batches).
  const acknowledged = ga.requests.filter((r) => r.acknowledged).flatMap(keysOf);
  expect(new Set(acknowledged).size).toBe(acknowledged.length);
  expect(acknowledged.length).toBe(result.delivered);

  // 3. Nothing lost: each unique event was acknowledged or dropped, never both.
  const droppedKeys = new Set(drops.filter((d) => d.reason !== 'duplicate').map((d) => d.dedupeKey));
  const ackedKeys = new Set(acknowledged);
  for (const key of keys) expect(ackedKeys.has(key) !== droppedKeys.has(key), key).toBe(true);
  expect(ackedKeys.size + droppedKeys.size).toBe(keys.length);

  // 4. The endpoint saw an event more than once, or saw a dropped one, only after an ambiguous failure.
  const ambiguous = new Set(
    ga.requests.filter((r) => r.recorded && !r.acknowledged).flatMap(keysOf),
  );
  const seen = new Map<string, number>();
  for (const key of ga.requests.filter((r) => r.recorded).flatMap(keysOf)) {
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const [key, times] of seen) {
    if (times > 1 || !ackedKeys.has(key)) expect(ambiguous.has(key), key).toBe(true);
  }
  // A receiver deduping by event_id holds exactly the acknowledged events plus ambiguous ones.
  for (const key of ackedKeys) expect(seen.has(key)).toBe(true);

  // 5. The run exercised what it claims to: every kind of fault, retries, drops by delivery.
  const kinds = new Set(ga.requests.map((r) => faultName(r.fault)));
  for (const kind of ['ok', 'network', '429', 'network+ack', '503+ack']) expect(kinds).toContain(kind);
  expect(ga.requests.length).toBeGreaterThan(Math.ceil((N - duplicateSends - oldSends) / 25));
  const deliveryDrops: DropReason[] = ['network_error', 'budget_exceeded'];
  expect(drops.some((d) => deliveryDrops.includes(d.reason))).toBe(true);
});
