import { describe, expect, it } from 'vitest';
import {
  createTransport,
  type DropReason,
  type TransportOptions,
  type TransportResponse,
} from '../src/index.js';
import { computeRetryDelay } from '../src/transport-retry.js';
import { parseRetryAfter } from '../src/retry-after.js';

/** Virtual time: `sleep` advances the clock at once and records the wait. */
function fakeClock(random = 0.5) {
  const clock = {
    t: 1_000_000,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
    random: () => random,
  };
  return clock;
}

type Item = { id: number; group?: string; size?: number };

/** A transport whose requests answer from `answers` in turn (then 200), recording each batch. */
function setup(answers: (TransportResponse | Error)[] = [], options: Partial<TransportOptions<Item>> = {}) {
  const clock = fakeClock();
  const batches: number[][] = [];
  const drops: { ids: number[]; reason: DropReason; detail: string }[] = [];
  const delivered: number[][] = [];
  const transport = createTransport<Item>({
    makeRequest: async (batch) => {
      batches.push(batch.map((i) => i.id));
      const answer = answers.shift() ?? { status: 200 };
      if (answer instanceof Error) throw answer;
      return answer;
    },
    concurrency: 1,
    groupOf: (i) => i.group ?? '',
    clock,
    onDrop: (items, reason, detail) => drops.push({ ids: items.map((i) => i.id), reason, detail }),
    onDeliver: (items) => delivered.push(items.map((i) => i.id)),
    ...options,
  });
  return { transport, clock, batches, drops, delivered };
}

const items = (n: number, extra: Partial<Item> = {}) =>
  Array.from({ length: n }, (_, id) => ({ id, ...extra }));

describe('createTransport batching', () => {
  it('sends items added in one tick in order, at most maxBatch per request', async () => {
    const { transport, batches } = setup();
    for (const item of items(60)) transport.add(item);
    expect(await transport.flush()).toEqual({ delivered: 60, dropped: 0 });
    expect(batches.map((b) => b.length)).toEqual([25, 25, 10]);
    expect(batches.flat()).toEqual(items(60).map((i) => i.id));
  });

  it('never mixes groups in one request and keeps each group in order', async () => {
    const { transport, batches } = setup();
    for (const item of items(6)) transport.add({ ...item, group: item.id % 2 ? 'odd' : 'even' });
    await transport.flush();
    expect(batches).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
  });

  it('caps a request by bytes and drops an item bigger than the cap with limit_exceeded', async () => {
    const { transport, batches, drops } = setup([], { sizeOf: (i) => i.size ?? 0, maxBatchBytes: 100 });
    for (const item of items(5, { size: 40 })) transport.add(item);
    expect(transport.add({ id: 99, size: 101 })).toBe(false);
    await transport.flush();
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(drops).toEqual([
      { ids: [99], reason: 'limit_exceeded', detail: expect.stringContaining('101 bytes') },
    ]);
  });

  it('drops items beyond maxQueue with queue_overflow and counts them', async () => {
    const { transport, drops } = setup([], { maxQueue: 10 });
    const accepted = items(15).map((i) => transport.add(i));
    expect(accepted.filter(Boolean)).toHaveLength(10);
    expect(await transport.flush()).toEqual({ delivered: 10, dropped: 5 });
    expect(drops.map((d) => d.reason)).toEqual(Array(5).fill('queue_overflow'));
  });
});

describe('createTransport retries', () => {
  it('retries 500, 503, network errors and 408 with full-jitter exponential backoff', async () => {
    const { transport, clock, batches, delivered } = setup([
      { status: 500 },
      { status: 503 },
      new Error('socket hang up'),
      { status: 408 },
    ]);
    transport.add({ id: 1 });
    expect(await transport.flush()).toEqual({ delivered: 1, dropped: 0 });
    expect(batches).toEqual([[1], [1], [1], [1], [1]]);
    // random() = 0.5 of ceilings 500, 1000, 2000, 4000
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000]);
    expect(delivered).toEqual([[1]]);
  });

  it('honours Retry-After in seconds and as an HTTP date on 429', async () => {
    const { transport, clock } = setup([
      { status: 429, retryAfter: '7' },
      { status: 429, retryAfter: new Date(1_000_000 + 7_000 + 250 + 12_000).toUTCString() },
    ]);
    transport.add({ id: 1 });
    await transport.flush();
    // The HTTP date has second precision: 12 s after the clock at the second retry, floored.
    expect(clock.sleeps[0]).toBe(7000);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(11_000);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(12_250);
  });

  it('drops with network_error once the attempts are used up', async () => {
    const answers = Array(10).fill({ status: 502 });
    const { transport, drops, batches } = setup(answers, { retry: { maxAttempts: 3 } });
    transport.add({ id: 1 });
    expect(await transport.flush()).toEqual({ delivered: 0, dropped: 1 });
    expect(batches).toHaveLength(3);
    expect(drops).toEqual([{ ids: [1], reason: 'network_error', detail: 'HTTP 502 after 3 attempts' }]);
  });

  it('drops with budget_exceeded, without waiting, when a Retry-After ends past the budget', async () => {
    const { transport, drops, clock } = setup([{ status: 503, retryAfter: '120' }], { budgetMs: 60_000 });
    transport.add({ id: 1 });
    await transport.flush();
    expect(clock.sleeps).toEqual([]);
    expect(drops[0]?.reason).toBe('budget_exceeded');
  });

  it('counts the time spent in backoff against the budget', async () => {
    const { transport, drops, clock } = setup(Array(20).fill({ status: 500 }), {
      budgetMs: 3_000,
      retry: { maxAttempts: 20, baseDelayMs: 1000 },
    });
    transport.add({ id: 1 });
    await transport.flush();
    // 500 + 1000 = 1500 ms waited; the next wait (2000) would end at 3500 > 3000.
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(drops.map((d) => d.reason)).toEqual(['budget_exceeded']);
  });

  it('does not retry other 4xx: 400 is invalid_event, 413 limit_exceeded', async () => {
    const { transport, drops, batches } = setup([{ status: 400 }, { status: 413 }]);
    transport.add({ id: 1, group: 'a' });
    transport.add({ id: 2, group: 'b' });
    await transport.flush();
    expect(batches).toEqual([[1], [2]]);
    expect(drops.map((d) => d.reason)).toEqual(['invalid_event', 'limit_exceeded']);
  });

  it('resends only the batch that was not acknowledged', async () => {
    const { transport, batches } = setup([{ status: 200 }, { status: 500 }]);
    for (const item of items(50)) transport.add(item);
    await transport.flush();
    const firsts = batches.map((b) => b[0]);
    expect(firsts).toEqual([0, 25, 25]);
  });
});

describe('createTransport robustness', () => {
  it('flush never rejects when makeRequest throws synchronously or hooks throw', async () => {
    const transport = createTransport<Item>({
      makeRequest: () => {
        throw new Error('boom');
      },
      retry: { maxAttempts: 1 },
      onDrop: () => {
        throw new Error('hook');
      },
    });
    transport.add({ id: 1 });
    await expect(transport.flush()).resolves.toEqual({ delivered: 0, dropped: 1 });
  });

  it('flush with nothing queued resolves at once; pending() counts queued and in-flight items', async () => {
    const { transport } = setup();
    expect(await transport.flush()).toEqual({ delivered: 0, dropped: 0 });
    transport.add({ id: 1 });
    expect(transport.pending()).toBe(1);
    await transport.flush();
    expect(transport.pending()).toBe(0);
  });

  it('runs up to `concurrency` requests at once', async () => {
    let open = 0;
    let peak = 0;
    const transport = createTransport<Item>({
      concurrency: 3,
      maxBatch: 1,
      makeRequest: async () => {
        open++;
        peak = Math.max(peak, open);
        await new Promise((r) => setTimeout(r, 5));
        open--;
        return { status: 204 };
      },
    });
    for (const item of items(10)) transport.add(item);
    expect(await transport.flush()).toEqual({ delivered: 10, dropped: 0 });
    expect(peak).toBe(3);
  });
});

describe('retry helpers', () => {
  it('parseRetryAfter reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-23T08:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 08:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('computeRetryDelay: full jitter under a doubling ceiling capped at maxDelayMs', () => {
    const retry = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(computeRetryDelay(1, retry, 0.999, undefined)).toBe(99);
    expect(computeRetryDelay(4, retry, 0.999, undefined)).toBe(799);
    expect(computeRetryDelay(8, retry, 0.999, undefined)).toBe(999);
    expect(computeRetryDelay(3, retry, 0, undefined)).toBe(0);
    expect(computeRetryDelay(3, retry, 0, 5000)).toBe(5000);
    expect(computeRetryDelay(10, retry, 0.5, undefined)).toBeUndefined();
  });
});
