import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceTable } from './fixtures/taxon/index.js';
import {
  activeUsers,
  costBy,
  costConcentration,
  costPerDay,
  failureRate,
  failureRateBy,
  latencyPercentiles,
  openUsageLog,
  repriceCost,
  resolveRange,
  topCostUsers,
  unitEconomics,
  type UsageLog,
} from '../src/index.js';
import { backends, type TestDatabase } from './lib/postgres-backends.js';
import { dataset, MARCH_1_TO_3 as range } from './lib/postgres-usage-records.js';

// Every expected figure below is worked out by hand from the dataset in lib/postgres-usage-records.ts:
// r1-r6 fall in the range (total cost 0.006 + 0.0105 + 0.009 + 0.001 + 0.0285 + 0.001 = 0.056),
// r7 is before it and r8 sits on its exclusive end.
describe.each(backends)('usage-log queries on $name', (backend) => {
  let db: TestDatabase;
  let log: UsageLog;
  beforeAll(async () => {
    db = await backend.open();
    log = await openUsageLog({ driver: db.driver });
    expect(await log.insertMany(dataset)).toBe(8);
  });
  afterAll(async () => {
    await log?.close();
    await db?.dispose();
  });

  it('cost and tokens per UTC day, every day of the range', async () => {
    expect(await costPerDay(log.driver, range)).toEqual([
      { day: '2026-03-01', calls: 2, cost: '0.0165', unpricedCalls: 0, inputTokens: 3000, cachedInputTokens: 1000, cacheWriteInputTokens: 0, outputTokens: 1500, totalTokens: 4500 },
      { day: '2026-03-02', calls: 2, cost: '0.01', unpricedCalls: 0, inputTokens: 5000, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 1000, totalTokens: 6000 },
      { day: '2026-03-03', calls: 2, cost: '0.0295', unpricedCalls: 0, inputTokens: 10500, cachedInputTokens: 5000, cacheWriteInputTokens: 0, outputTokens: 2100, totalTokens: 12600 },
    ]);
    const empty = { from: new Date('2026-05-01T00:00:00Z'), to: new Date('2026-05-03T00:00:00Z') };
    expect(await costPerDay(log.driver, empty)).toEqual([
      { day: '2026-05-01', calls: 0, cost: '0', unpricedCalls: 0, inputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 0, totalTokens: 0 },
      { day: '2026-05-02', calls: 0, cost: '0', unpricedCalls: 0, inputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 0, totalTokens: 0 },
    ]);
  });

  it('relative ranges end at `now`: 24h, 7d, 30d', async () => {
    const total = async (r: '24h' | '7d' | '30d', now: string) =>
      (await costPerDay(log.driver, r, { now: new Date(now) })).reduce((calls, d) => calls + d.calls, 0);
    // 2026-03-02T12:00 to 2026-03-03T12:00: r5, r6.
    expect(await total('24h', '2026-03-03T12:00:00Z')).toBe(2);
    // r1-r6; r8 sits exactly at `now` and is excluded.
    expect(await total('7d', '2026-03-04T00:00:00Z')).toBe(6);
    // From 2026-02-02: r7 too.
    expect(await total('30d', '2026-03-04T00:00:00Z')).toBe(7);
    expect((await costPerDay(log.driver, '7d', { now: new Date('2026-03-04T00:00:00Z') })).map((d) => d.day)).toEqual([
      '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03',
    ]);
  });

  it('cost per user, feature, model and plan, most expensive first', async () => {
    expect(await costBy(log.driver, 'user', range)).toEqual([
      { key: 'u3', calls: 1, cost: '0.0285', unpricedCalls: 0, totalTokens: 12000 },
      { key: 'u1', calls: 2, cost: '0.0165', unpricedCalls: 0, totalTokens: 4500 },
      { key: 'u2', calls: 2, cost: '0.01', unpricedCalls: 0, totalTokens: 6000 },
      { key: 'u4', calls: 1, cost: '0.001', unpricedCalls: 0, totalTokens: 600 },
    ]);
    expect(await costBy(log.driver, 'feature', range)).toEqual([
      { key: 'chat', calls: 4, cost: '0.046', unpricedCalls: 0, totalTokens: 17100 },
      { key: 'summarize', calls: 2, cost: '0.01', unpricedCalls: 0, totalTokens: 6000 },
    ]);
    expect(await costBy(log.driver, 'model', range)).toEqual([
      { key: 'gpt-4.1', calls: 3, cost: '0.045', unpricedCalls: 0, totalTokens: 16500 },
      { key: 'claude-haiku-4-5', calls: 3, cost: '0.011', unpricedCalls: 0, totalTokens: 6600 },
    ]);
    expect(await costBy(log.driver, 'plan', range)).toEqual([
      { key: 'enterprise', calls: 1, cost: '0.0285', unpricedCalls: 0, totalTokens: 12000 },
      { key: 'pro', calls: 2, cost: '0.0165', unpricedCalls: 0, totalTokens: 4500 },
      { key: 'free', calls: 2, cost: '0.01', unpricedCalls: 0, totalTokens: 6000 },
      { key: null, calls: 1, cost: '0.001', unpricedCalls: 0, totalTokens: 600 },
    ]);
  });

  it('narrows any query with a filter', async () => {
    expect(await costBy(log.driver, 'model', range, { where: { userId: 'u1' } })).toEqual([
      { key: 'gpt-4.1', calls: 2, cost: '0.0165', unpricedCalls: 0, totalTokens: 4500 },
    ]);
    expect(await failureRate(log.driver, range, { where: { modelName: 'claude-haiku-4-5', featureName: 'chat' } })).toEqual({
      calls: 1,
      failures: 1,
      failureRate: 1,
    });
    expect(await costBy(log.driver, 'user', range, { where: { planType: 'free' } })).toEqual([
      { key: 'u2', calls: 2, cost: '0.01', unpricedCalls: 0, totalTokens: 6000 },
    ]);
  });

  it('failure rate overall and per model and feature', async () => {
    expect(await failureRate(log.driver, range)).toEqual({ calls: 6, failures: 2, failureRate: 2 / 6 });
    expect(await failureRateBy(log.driver, 'model', range)).toEqual([
      { key: 'claude-haiku-4-5', calls: 3, failures: 2, failureRate: 2 / 3 },
      { key: 'gpt-4.1', calls: 3, failures: 0, failureRate: 0 },
    ]);
    expect(await failureRateBy(log.driver, 'feature', range)).toEqual([
      { key: 'summarize', calls: 2, failures: 1, failureRate: 0.5 },
      { key: 'chat', calls: 4, failures: 1, failureRate: 0.25 },
    ]);
    const none = { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-01-02T00:00:00Z') };
    expect(await failureRate(log.driver, none)).toEqual({ calls: 0, failures: 0, failureRate: null });
  });

  it('p50/p95/p99 latency per model and feature, interpolated (percentile_cont)', async () => {
    const rounded = (rows: { key: string; calls: number; p50: number; p95: number; p99: number }[]) =>
      rows.map((r) => ({ ...r, p50: Number(r.p50.toFixed(6)), p95: Number(r.p95.toFixed(6)), p99: Number(r.p99.toFixed(6)) }));
    // gpt-4.1: [100, 200, 1000] -> p95 at position 0.95 × 2 = 1.9: 200 + 0.9 × 800 = 920.
    expect(rounded(await latencyPercentiles(log.driver, 'model', range))).toEqual([
      { key: 'gpt-4.1', calls: 3, p50: 200, p95: 920, p99: 984 },
      { key: 'claude-haiku-4-5', calls: 3, p50: 300, p95: 390, p99: 398 },
    ]);
    // chat: [50, 100, 200, 1000] -> p50 at 1.5: 150; p95 at 2.85: 200 + 0.85 × 800 = 880.
    expect(rounded(await latencyPercentiles(log.driver, 'feature', range))).toEqual([
      { key: 'chat', calls: 4, p50: 150, p95: 880, p99: 976 },
      { key: 'summarize', calls: 2, p50: 350, p95: 395, p99: 399 },
    ]);
    expect(rounded(await latencyPercentiles(log.driver, 'model', range, { successOnly: true }))).toEqual([
      { key: 'gpt-4.1', calls: 3, p50: 200, p95: 920, p99: 984 },
      { key: 'claude-haiku-4-5', calls: 1, p50: 300, p95: 300, p99: 300 },
    ]);
  });

  it('DAU, WAU and MAU of AI users per day, windows trailing each day', async () => {
    // u5's only call (Feb 20) is outside the range but inside every day's 30-day window.
    expect(await activeUsers(log.driver, range)).toEqual([
      { day: '2026-03-01', dau: 1, wau: 1, mau: 2 },
      { day: '2026-03-02', dau: 1, wau: 2, mau: 3 },
      { day: '2026-03-03', dau: 2, wau: 4, mau: 5 },
    ]);
  });

  it('cost per active user and per paying user', async () => {
    expect(await unitEconomics(log.driver, range)).toEqual({
      activeUsers: 4,
      payingUsers: 2,
      totalCost: '0.056',
      payingUsersCost: '0.045',
      unpricedCalls: 0,
      costPerActiveUser: '0.014',
      costPerPayingUser: '0.0225',
      totalCostPerPayingUser: '0.028',
    });
    const none = { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-01-02T00:00:00Z') };
    expect(await unitEconomics(log.driver, none)).toEqual({
      activeUsers: 0,
      payingUsers: 0,
      totalCost: '0',
      payingUsersCost: '0',
      unpricedCalls: 0,
      costPerActiveUser: null,
      costPerPayingUser: null,
      totalCostPerPayingUser: null,
    });
  });

  it('the top-cost users and the share of cost the top 1% hold', async () => {
    expect(await topCostUsers(log.driver, range, { limit: 2 })).toEqual([
      // 0.0285 / 0.056 = 0.50892857..., 0.0165 / 0.056 = 0.29464285...
      { userId: 'u3', calls: 1, cost: '0.0285', unpricedCalls: 0, share: '0.508929' },
      { userId: 'u1', calls: 2, cost: '0.0165', unpricedCalls: 0, share: '0.294643' },
    ]);
    // 4 users: the top 1% is ceil(0.04) = 1 user.
    expect(await costConcentration(log.driver, range)).toEqual({
      users: 4,
      topUsers: 1,
      topCost: '0.0285',
      totalCost: '0.056',
      unpricedCalls: 0,
      share: '0.508929',
    });
    // The top half: u3 + u1 = 0.045 of 0.056 = 0.80357142...
    expect(await costConcentration(log.driver, range, { percent: 50 })).toEqual({
      users: 4,
      topUsers: 2,
      topCost: '0.045',
      totalCost: '0.056',
      unpricedCalls: 0,
      share: '0.803571',
    });
    const none = { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-01-02T00:00:00Z') };
    expect(await costConcentration(log.driver, none)).toEqual({ users: 0, topUsers: 0, topCost: '0', totalCost: '0', unpricedCalls: 0, share: null });
  });

  it('recomputes cost under a new price table, by the price in effect at each call', async () => {
    // gpt-4.1's price halves from March 2; claude-haiku-4-5 is absent, so it keeps its recorded cost.
    const halved = {
      currency: 'USD',
      perTokens: 1000,
      models: {
        'gpt-4.1': {
          provider: 'openai',
          history: [
            priceTable.models['gpt-4.1'].history[0],
            { effective: '2026-03-02', input: '0.001', cachedInput: '0.00025', output: '0.004' },
          ],
        },
      },
    };
    // r1 and r2 (March 1) keep the old price: 0.006 + 0.0105; r5 (March 3) costs half of 0.0285.
    expect(await repriceCost(log.driver, halved, range)).toEqual({
      byModel: [
        { modelName: 'gpt-4.1', calls: 3, unpricedCalls: 0, notRepricedCalls: 0, repricedUnpricedCalls: 0, recordedCost: '0.045', repricedCost: '0.03075', delta: '-0.01425' },
        { modelName: 'claude-haiku-4-5', calls: 3, unpricedCalls: 0, notRepricedCalls: 3, repricedUnpricedCalls: 0, recordedCost: '0.011', repricedCost: '0.011', delta: '0' },
      ],
      total: { modelName: null, calls: 6, unpricedCalls: 0, notRepricedCalls: 3, repricedUnpricedCalls: 0, recordedCost: '0.056', repricedCost: '0.04175', delta: '-0.01425' },
    });
  });

  it('reproduces the recorded costs exactly under the current generated price table', async () => {
    const result = await repriceCost(log.driver, priceTable, range);
    expect(result.total).toEqual({
      modelName: null,
      calls: 6,
      unpricedCalls: 0,
      notRepricedCalls: 0,
      repricedUnpricedCalls: 0,
      recordedCost: '0.056',
      repricedCost: '0.056',
      delta: '0',
    });
    expect(result.byModel.map((r) => r.delta)).toEqual(['0', '0']);
  });

  it('prices input, cached input and output separately', async () => {
    const only = (input: string, cachedInput: string, output: string) => ({
      perTokens: 1000,
      models: { 'gpt-4.1': { history: [{ effective: '2020-01-01', input, cachedInput, output }] } },
    });
    const repriced = async (table: ReturnType<typeof only>) =>
      (await repriceCost(log.driver, table, range, { where: { modelName: 'gpt-4.1' } })).total.repricedCost;
    // gpt-4.1 rows in range: uncached input 1000 + 1000 + 5000 = 7000, cached 0 + 1000 + 5000 = 6000,
    // output 500 + 1000 + 2000 = 3500; at 1 per 1K tokens each part costs its token count / 1000.
    expect(await repriced(only('1', '0', '0'))).toBe('7');
    expect(await repriced(only('0', '1', '0'))).toBe('6');
    expect(await repriced(only('0', '0', '1'))).toBe('3.5');
  });

  it('treats calls before a model\'s first price as unpriced', async () => {
    const later = { perTokens: 1000, models: { 'gpt-4.1': { history: [{ effective: '2026-03-03', input: '0', cachedInput: '0', output: '0' }] } } };
    const { byModel } = await repriceCost(log.driver, later, range, { where: { modelName: 'gpt-4.1' } });
    // r5 (March 3) is free under this table; r1 and r2 (March 1) keep 0.0165.
    expect(byModel).toEqual([
      { modelName: 'gpt-4.1', calls: 3, unpricedCalls: 0, notRepricedCalls: 2, repricedUnpricedCalls: 0, recordedCost: '0.045', repricedCost: '0.0165', delta: '-0.0285' },
    ]);
  });

  it('rejects a malformed price table, range or option with a clear message', async () => {
    const bad = { perTokens: 1000, models: { m: { history: [{ effective: '2026-3-1', input: '1', cachedInput: '1', output: 'x' }] } } };
    await expect(repriceCost(log.driver, bad, range)).rejects.toThrow(/Price table models\.m\.history\[0\]\.effective: expected YYYY-MM-DD/);
    await expect(costPerDay(log.driver, '1y' as '7d')).rejects.toThrow(/Invalid time range "1y": expected '24h', '7d', '30d' or \{ from, to \}/);
    await expect(costPerDay(log.driver, { from: range.to, to: range.from })).rejects.toThrow(/from \(2026-03-04T00:00:00\.000Z\) is after to/);
    await expect(costBy(log.driver, 'country' as 'user', range)).rejects.toThrow(/Invalid dimension "country": expected one of user, feature, model, plan/);
    await expect(topCostUsers(log.driver, range, { limit: 0 })).rejects.toThrow(/limit must be a positive integer/);
  });
});

describe('resolveRange', () => {
  it('turns relative ranges into half-open bounds ending at now', () => {
    const now = new Date('2026-03-31T12:00:00Z');
    expect(resolveRange('24h', now)).toEqual(['2026-03-30T12:00:00.000Z', '2026-03-31T12:00:00.000Z']);
    expect(resolveRange('7d', now)).toEqual(['2026-03-24T12:00:00.000Z', '2026-03-31T12:00:00.000Z']);
    expect(resolveRange('30d', now)).toEqual(['2026-03-01T12:00:00.000Z', '2026-03-31T12:00:00.000Z']);
  });
});

describe.each(backends)('activeUsers on $name against a naive count', (backend) => {
  it('matches counting distinct users per trailing window, on a random 60-day history', async () => {
    const db = await backend.open();
    const log = await openUsageLog({ driver: db.driver });
    try {
      // A small deterministic PRNG (mulberry32) so a failure is reproducible.
      let seed = 20260301;
      const random = () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const start = Date.UTC(2026, 0, 1);
      const calls = Array.from({ length: 400 }, (_, i) => {
        const userId = `u${Math.floor(random() * random() * 25)}`;
        return usageRecordAt(`rand-${i}`, userId, new Date(start + Math.floor(random() * 60 * 86_400_000)));
      });
      await log.insertMany(calls);
      const from = new Date(Date.UTC(2026, 0, 31, 6));
      const to = new Date(Date.UTC(2026, 1, 20, 18));
      const day = 86_400_000;
      const expected = [];
      for (let d = Date.UTC(2026, 0, 31); d < to.getTime(); d += day) {
        const end = Math.min(d + day, to.getTime());
        const within = (days: number) => {
          const start = d - (days - 1) * day;
          const active = calls.filter((c) => c.createdAt.getTime() >= start && c.createdAt.getTime() < end);
          return new Set(active.map((c) => c.userId)).size;
        };
        const date = new Date(d).toISOString().slice(0, 10);
        expected.push({ day: date, dau: within(1), wau: within(7), mau: within(30) });
      }
      expect(expected).toHaveLength(21);
      expect(await activeUsers(log.driver, { from, to })).toEqual(expected);
    } finally {
      await log.close();
      await db.dispose();
    }
  });
});

function usageRecordAt(requestId: string, userId: string, createdAt: Date) {
  return { ...dataset[0]!, requestId, userId, createdAt };
}
