// Calls whose price was unknown when they were made (estimated_cost NULL): every cost query keeps
// summing the known costs and says how many calls it could not count; repriceCost prices them once
// the table knows the model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceTable } from './fixtures/taxon/index.js';
import {
  costBy,
  costConcentration,
  costPerDay,
  openUsageLog,
  repriceCost,
  topCostUsers,
  unitEconomics,
  type UsageLog,
} from '../src/index.js';
import { backends, type TestDatabase } from './lib/postgres-backends.js';
import { MARCH_1_TO_3 as range, usageRecord } from './lib/postgres-usage-records.js';

// 'gpt-9' had no price when these calls were made. Each gpt-9 call: 1000 input, 500 output tokens.
const unknown = { modelName: 'gpt-9', inputTokens: 1000, outputTokens: 500, totalTokens: 1500, estimatedCost: null };
const at = (iso: string) => new Date(iso);
const dataset = [
  usageRecord({ requestId: 'k1', userId: 'u1', planType: 'pro', estimatedCost: '0.006', createdAt: at('2026-03-01T10:00:00Z') }),
  usageRecord({ ...unknown, requestId: 'n1', userId: 'u1', planType: 'pro', createdAt: at('2026-03-01T11:00:00Z') }),
  usageRecord({
    requestId: 'k2',
    userId: 'u2',
    featureName: 'summarize',
    modelName: 'claude-haiku-4-5',
    inputTokens: 4000,
    outputTokens: 1000,
    totalTokens: 5000,
    estimatedCost: '0.009',
    planType: 'free',
    createdAt: at('2026-03-02T09:00:00Z'),
  }),
  usageRecord({
    ...unknown,
    requestId: 'n2',
    userId: 'u2',
    featureName: 'summarize',
    planType: 'free',
    createdAt: at('2026-03-02T10:00:00Z'),
  }),
  // u3 made only calls of unknown cost.
  usageRecord({ ...unknown, requestId: 'n3', userId: 'u3', planType: null, createdAt: at('2026-03-02T11:00:00Z') }),
];

/** The generated table plus gpt-9 (per 1K: 0.001 input, 0.004 output), from `effective` on. */
const withGpt9 = (effective: string) => ({
  ...priceTable,
  models: {
    ...priceTable.models,
    'gpt-9': { provider: 'openai', history: [{ effective, input: '0.001', cachedInput: '0.00025', output: '0.004' }] },
  },
});

describe.each(backends)('calls of unknown cost on $name', (backend) => {
  let db: TestDatabase;
  let log: UsageLog;
  beforeAll(async () => {
    db = await backend.open();
    log = await openUsageLog({ driver: db.driver });
    expect(await log.insertMany(dataset)).toBe(5);
  });
  afterAll(async () => {
    await log?.close();
    await db?.dispose();
  });

  it('per day: known costs summed, unknown ones counted', async () => {
    const days = await costPerDay(log.driver, range);
    expect(days.map((d) => [d.day, d.calls, d.cost, d.unpricedCalls])).toEqual([
      ['2026-03-01', 2, '0.006', 1],
      ['2026-03-02', 3, '0.009', 2],
      ['2026-03-03', 0, '0', 0],
    ]);
  });

  it('per dimension: a group of only unknown costs costs 0 with every call counted, and sorts last', async () => {
    expect(await costBy(log.driver, 'model', range)).toEqual([
      { key: 'claude-haiku-4-5', calls: 1, cost: '0.009', unpricedCalls: 0, totalTokens: 5000 },
      { key: 'gpt-4.1', calls: 1, cost: '0.006', unpricedCalls: 0, totalTokens: 1500 },
      { key: 'gpt-9', calls: 3, cost: '0', unpricedCalls: 3, totalTokens: 4500 },
    ]);
    expect(await costBy(log.driver, 'user', range)).toEqual([
      { key: 'u2', calls: 2, cost: '0.009', unpricedCalls: 1, totalTokens: 6500 },
      { key: 'u1', calls: 2, cost: '0.006', unpricedCalls: 1, totalTokens: 3000 },
      { key: 'u3', calls: 1, cost: '0', unpricedCalls: 1, totalTokens: 1500 },
    ]);
  });

  it('unit economics over known costs, with the unknown ones counted', async () => {
    expect(await unitEconomics(log.driver, range)).toEqual({
      activeUsers: 3,
      payingUsers: 1,
      totalCost: '0.015',
      payingUsersCost: '0.006',
      unpricedCalls: 3,
      costPerActiveUser: '0.005',
      costPerPayingUser: '0.006',
      totalCostPerPayingUser: '0.015',
    });
  });

  it('top users and concentration over known costs, with the unknown ones counted', async () => {
    expect(await topCostUsers(log.driver, range)).toEqual([
      { userId: 'u2', calls: 2, cost: '0.009', unpricedCalls: 1, share: '0.6' },
      { userId: 'u1', calls: 2, cost: '0.006', unpricedCalls: 1, share: '0.4' },
      { userId: 'u3', calls: 1, cost: '0', unpricedCalls: 1, share: '0' },
    ]);
    expect(await costConcentration(log.driver, range)).toEqual({
      users: 3,
      topUsers: 1,
      topCost: '0.009',
      totalCost: '0.015',
      unpricedCalls: 3,
      share: '0.6',
    });
    expect(await costConcentration(log.driver, range, { where: { modelName: 'gpt-9' } })).toEqual({
      users: 3,
      topUsers: 1,
      topCost: '0',
      totalCost: '0',
      unpricedCalls: 3,
      share: null,
    });
  });

  it('repricing leaves them unknown while the table has no price for them', async () => {
    const { byModel, total } = await repriceCost(log.driver, priceTable, range);
    expect(byModel.find((r) => r.modelName === 'gpt-9')).toEqual({
      modelName: 'gpt-9',
      calls: 3,
      unpricedCalls: 3,
      notRepricedCalls: 3,
      repricedUnpricedCalls: 3,
      recordedCost: '0',
      repricedCost: '0',
      delta: '0',
    });
    expect(total).toMatchObject({ calls: 5, recordedCost: '0.015', repricedCost: '0.015', repricedUnpricedCalls: 3 });
  });

  it('repricing prices them once the table knows the model', async () => {
    // Each gpt-9 call: (1000 x 0.001 + 500 x 0.004) / 1000 = 0.003.
    const allPriced = { notRepricedCalls: 0, repricedUnpricedCalls: 0 };
    expect(await repriceCost(log.driver, withGpt9('2026-01-01'), range)).toEqual({
      byModel: [
        { modelName: 'claude-haiku-4-5', calls: 1, unpricedCalls: 0, ...allPriced, recordedCost: '0.009', repricedCost: '0.009', delta: '0' },
        { modelName: 'gpt-9', calls: 3, unpricedCalls: 3, ...allPriced, recordedCost: '0', repricedCost: '0.009', delta: '0.009' },
        { modelName: 'gpt-4.1', calls: 1, unpricedCalls: 0, ...allPriced, recordedCost: '0.006', repricedCost: '0.006', delta: '0' },
      ],
      total: {
        modelName: null,
        calls: 5,
        unpricedCalls: 3,
        ...allPriced,
        recordedCost: '0.015',
        repricedCost: '0.024',
        delta: '0.009',
      },
    });
    // Priced from March 2 only: n1 (March 1) stays unknown.
    const { total } = await repriceCost(log.driver, withGpt9('2026-03-02'), range, { where: { modelName: 'gpt-9' } });
    expect(total).toMatchObject({ unpricedCalls: 3, notRepricedCalls: 1, repricedUnpricedCalls: 1, repricedCost: '0.006' });
  });
});
