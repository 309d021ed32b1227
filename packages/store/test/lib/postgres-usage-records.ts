// Usage records for the usage-log suites, and the hand-computable dataset the query tests use.
import type { UsageRecord } from '@taxon/core';

let sequence = 0;

/** A valid successful record; override any field. */
export function usageRecord(overrides: Partial<UsageRecord> = {}): UsageRecord {
  sequence += 1;
  return {
    requestId: `req-${sequence}`,
    userId: 'user-1',
    featureName: 'chat',
    modelName: 'gpt-4.1',
    inputTokens: 1000,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    outputTokens: 500,
    totalTokens: 1500,
    estimatedCost: '0.006',
    requestDurationMs: 100,
    success: true,
    errorType: null,
    planType: 'pro',
    release: 'web@1.2.3',
    clientId: '123456.7890',
    createdAt: new Date('2026-03-01T10:00:00Z'),
    ...overrides,
  };
}

type Row = [
  id: string,
  user: string,
  feature: string,
  model: string,
  input: number,
  cached: number,
  output: number,
  cost: string,
  durationMs: number,
  errorType: string | null,
  plan: string | null,
  at: string,
];

// Costs are what the current price table gives (per 1K tokens: gpt-4.1 0.002 / 0.0005 cached /
// 0.008 output; claude-haiku-4-5 0.001 / 0.0001 / 0.005), e.g. r2: (1000×0.002 + 1000×0.0005 +
// 1000×0.008) / 1000 = 0.0105. The range under test is [2026-03-01, 2026-03-04): r1-r6.
const ROWS: Row[] = [
  ['r1', 'u1', 'chat', 'gpt-4.1', 1000, 0, 500, '0.006', 100, null, 'pro', '2026-03-01T10:00:00Z'],
  ['r2', 'u1', 'chat', 'gpt-4.1', 2000, 1000, 1000, '0.0105', 200, null, 'pro', '2026-03-01T11:00:00Z'],
  ['r3', 'u2', 'summarize', 'claude-haiku-4-5', 4000, 0, 1000, '0.009', 300, null, 'free', '2026-03-02T09:00:00Z'],
  ['r4', 'u2', 'summarize', 'claude-haiku-4-5', 1000, 0, 0, '0.001', 400, 'ai_timeout', 'free', '2026-03-02T10:00:00Z'],
  ['r5', 'u3', 'chat', 'gpt-4.1', 10000, 5000, 2000, '0.0285', 1000, null, 'enterprise', '2026-03-03T08:00:00Z'],
  ['r6', 'u4', 'chat', 'claude-haiku-4-5', 500, 0, 100, '0.001', 50, 'ai_rate_limit', null, '2026-03-03T09:00:00Z'],
  // Before the range: only the trailing WAU/MAU windows and the '30d' range see it.
  ['r7', 'u5', 'chat', 'gpt-4.1', 1000, 0, 500, '0.006', 100, null, 'free', '2026-02-20T12:00:00Z'],
  // Exactly at the range's exclusive end: never counted.
  ['r8', 'u2', 'chat', 'gpt-4.1', 1000, 0, 500, '0.5', 9999, null, 'free', '2026-03-04T00:00:00Z'],
];

/** The query suite's dataset (8 records). */
export const dataset: UsageRecord[] = ROWS.map(
  ([requestId, userId, featureName, modelName, inputTokens, cachedInputTokens, outputTokens, estimatedCost, requestDurationMs, errorType, planType, at]) => ({
    requestId,
    userId,
    featureName,
    modelName,
    inputTokens,
    cachedInputTokens,
    // This dataset has no cache writes; usage-log-reprice.test.ts covers them.
    cacheWriteInputTokens: 0,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    estimatedCost,
    requestDurationMs,
    success: errorType === null,
    errorType,
    planType,
    release: 'web@1.0.0',
    clientId: null,
    createdAt: new Date(at),
  }),
);

/** The range most query tests use: March 1 to 3, 2026 (UTC), end exclusive. */
export const MARCH_1_TO_3 = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
