// repriceCost against what instrumentation records: the price table in effect when the calls were
// made must reproduce every recorded cost exactly, prompt-cache reads and writes included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceTable } from './fixtures/taxon/index.js';
import { createInstrumentation, sumDecimalStrings, type InstrumentationIssue, type PriceTable } from '@taxon/edge';
import { costPerDay, openUsageLog, repriceCost, type UsageLog } from '@taxon/store';
import type { UsageRecord } from '@taxon/core';
import { backends, type TestDatabase } from '../../store/test/lib/postgres-backends.js';

/**
 * Prices per 1M tokens that change on March 2 (UTC), cache-write prices that differ from the input
 * price, and one model without a cacheWrite price, whose cache writes cost the input price.
 */
const changing: PriceTable = {
  currency: 'USD',
  perTokens: 1_000_000,
  models: {
    'gpt-4.1': {
      provider: 'openai',
      history: [
        { effective: '2025-04-14', input: '2', cachedInput: '0.5', output: '8' },
        { effective: '2026-03-02', input: '1.5', cachedInput: '0.375', output: '6' },
      ],
    },
    'gpt-4o-mini': {
      provider: 'openai',
      history: [{ effective: '2024-07-18', input: '0.15', cachedInput: '0.075', output: '0.6' }],
    },
    'claude-sonnet-4-5': {
      provider: 'anthropic',
      history: [
        { effective: '2025-09-29', input: '3', cachedInput: '0.3', output: '15', cacheWrite: '3.75' },
        { effective: '2026-03-02', input: '2.5', cachedInput: '0.25', output: '12.5', cacheWrite: '3.125' },
      ],
    },
    'claude-haiku-4-5': {
      provider: 'anthropic',
      history: [{ effective: '2025-10-15', input: '1', cachedInput: '0.1', output: '5', cacheWrite: '1.25' }],
    },
    // Served through an Anthropic-compatible API, priced without a cacheWrite entry.
    'compat-model': {
      provider: 'custom',
      history: [{ effective: '2026-01-01', input: '0.7', cachedInput: '0.07', output: '2.8' }],
    },
  },
};

/** Provider responses in the shapes the SDKs return, reduced to what the usage adapters read. */
const openAIChat = (prompt: number, cached: number, completion: number) => ({
  object: 'chat.completion',
  usage: { prompt_tokens: prompt, completion_tokens: completion, prompt_tokens_details: { cached_tokens: cached } },
});
const openAIResponses = (input: number, cached: number, output: number) => ({
  object: 'response',
  usage: { input_tokens: input, output_tokens: output, input_tokens_details: { cached_tokens: cached } },
});
// Anthropic's input_tokens excludes the cache reads and writes reported beside it.
const anthropic = (uncached: number, read: number, written: number, output: number) => ({
  type: 'message',
  usage: {
    input_tokens: uncached,
    cache_read_input_tokens: read,
    cache_creation_input_tokens: written,
    output_tokens: output,
  },
});

interface Call {
  model: string;
  at: string;
  response: unknown;
  /** The call fails after the provider billed it (e.g. its output failed validation). */
  fails?: boolean;
}

const CALLS: Call[] = [
  { model: 'gpt-4.1', at: '2026-03-01T08:00:00Z', response: openAIChat(12_345, 4_096, 678) },
  { model: 'gpt-4.1', at: '2026-03-02T00:00:00Z', response: openAIResponses(9_999, 1_024, 321) },
  { model: 'gpt-4.1', at: '2026-03-03T23:59:59.999Z', response: openAIChat(777, 0, 33), fails: true },
  { model: 'gpt-4o-mini', at: '2026-03-02T12:00:00Z', response: openAIChat(3_333, 3_200, 1) },
  { model: 'claude-sonnet-4-5', at: '2026-03-01T23:59:59.999Z', response: anthropic(1_111, 2_222, 3_333, 444) },
  { model: 'claude-sonnet-4-5', at: '2026-03-02T09:30:00Z', response: anthropic(7, 50_000, 0, 1_234) },
  { model: 'claude-sonnet-4-5', at: '2026-03-03T10:00:00Z', response: anthropic(0, 0, 20_481, 99), fails: true },
  { model: 'claude-haiku-4-5', at: '2026-03-01T13:00:00Z', response: anthropic(333, 0, 4_567, 89) },
  { model: 'claude-haiku-4-5', at: '2026-03-03T14:00:00Z', response: anthropic(12, 9_000, 1_000, 0) },
  { model: 'compat-model', at: '2026-03-02T18:00:00Z', response: anthropic(250, 1_500, 2_750, 600) },
];

const range = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };

/** Runs every call through instrumentation into `log`, one user per call; returns the records written. */
async function record(log: UsageLog, prices: PriceTable, calls: readonly Call[], tag: string): Promise<UsageRecord[]> {
  const records: UsageRecord[] = [];
  const issues: InstrumentationIssue[] = [];
  let at = new Date();
  const sink = { insert: (r: UsageRecord) => (records.push(r), log.insert(r)) };
  const onError = (issue: InstrumentationIssue) => issues.push(issue);
  const instrumentation = createInstrumentation({ prices, sink, now: () => at, onError });
  for (const [i, call] of calls.entries()) {
    at = new Date(call.at);
    const context = { feature: 'chat', model: call.model, userId: `${tag}-u${i}`, requestId: `${tag}-r${i}` };
    const run = instrumentation.instrumentGeneration(context, async () => {
      if (call.fails) throw Object.assign(new Error('The output failed validation.'), { response: call.response });
      return call.response;
    });
    await run.catch(() => undefined);
  }
  await instrumentation.flush();
  expect(instrumentation.stats()).toMatchObject({ calls: calls.length, recorded: calls.length, costUnknown: 0 });
  expect(issues).toEqual([]);
  return records;
}

describe.each(backends)('repriceCost reproduces recorded costs on $name', (backend) => {
  let db: TestDatabase;
  let log: UsageLog;
  let records: UsageRecord[];
  beforeAll(async () => {
    db = await backend.open();
    log = await openUsageLog({ driver: db.driver });
    records = await record(log, changing, CALLS, 'mix');
  });
  afterAll(async () => {
    await log?.close();
    await db?.dispose();
  });

  it('records cache reads and writes as instrumentation read them', () => {
    expect(records.map((r) => [r.inputTokens, r.cachedInputTokens, r.cacheWriteInputTokens])).toEqual([
      [12_345, 4_096, 0],
      [9_999, 1_024, 0],
      [777, 0, 0],
      [3_333, 3_200, 0],
      [6_666, 2_222, 3_333],
      [50_007, 50_000, 0],
      [20_481, 0, 20_481],
      [4_900, 0, 4_567],
      [10_012, 9_000, 1_000],
      [4_500, 1_500, 2_750],
    ]);
    expect(records.map((r) => r.success)).toEqual([true, true, false, true, true, true, false, true, true, true]);
    // Worked by hand for one Anthropic call with reads and writes (claude-sonnet-4-5, March 1):
    // (1111 x 3 + 2222 x 0.3 + 3333 x 3.75 + 444 x 15) / 1e6 = 23158.35 / 1e6.
    expect(records[4]!.estimatedCost).toBe('0.02315835');
  });

  it('every call, priced by the table in effect at its time, costs exactly what was recorded', async () => {
    for (const r of records) {
      const { total } = await repriceCost(log.driver, changing, range, { where: { userId: r.userId } });
      expect({ requestId: r.requestId, repriced: total.repricedCost, recorded: total.recordedCost }).toEqual({
        requestId: r.requestId,
        repriced: r.estimatedCost,
        recorded: r.estimatedCost,
      });
    }
  });

  it('the range and every model reprice to a delta of exactly 0', async () => {
    const recorded = sumDecimalStrings(records.map((r) => r.estimatedCost!));
    const { byModel, total } = await repriceCost(log.driver, changing, range);
    expect(total).toEqual({
      modelName: null,
      calls: 10,
      unpricedCalls: 0,
      notRepricedCalls: 0,
      repricedUnpricedCalls: 0,
      recordedCost: recorded,
      repricedCost: recorded,
      delta: '0',
    });
    expect(byModel.map((r) => [r.modelName, r.calls, r.delta])).toEqual(
      expect.arrayContaining([
        ['gpt-4.1', 3, '0'],
        ['gpt-4o-mini', 1, '0'],
        ['claude-sonnet-4-5', 3, '0'],
        ['claude-haiku-4-5', 2, '0'],
        ['compat-model', 1, '0'],
      ]),
    );
    expect(byModel).toHaveLength(5);
  });

  it('prices cache writes at cacheWrite, or at the input price where the table has none', async () => {
    const only = (price: { input: string; cacheWrite?: string }) => ({
      perTokens: 1000,
      models: Object.fromEntries(
        Object.keys(changing.models).map((model) => [
          model,
          { history: [{ effective: '2020-01-01', cachedInput: '0', output: '0', ...price }] },
        ]),
      ),
    });
    const repriced = async (table: ReturnType<typeof only>) =>
      (await repriceCost(log.driver, table, range)).total.repricedCost;
    // Cache writes alone: 3333 + 20481 + 4567 + 1000 + 2750 = 32131 tokens at 1 per 1K.
    expect(await repriced(only({ input: '0', cacheWrite: '1' }))).toBe('32.131');
    // Uncached input alone, input - read - written per call: 8249 + 8975 + 777 + 133 + 1111 + 7 + 0
    // + 333 + 12 + 250 = 19847.
    expect(await repriced(only({ input: '1', cacheWrite: '0' }))).toBe('19.847');
    // Without a cacheWrite price the writes cost the input price: 19847 uncached + 32131 written.
    expect(await repriced(only({ input: '1' }))).toBe('51.978');
    await expect(repriceCost(log.driver, only({ input: '1', cacheWrite: '1e-3' }), range)).rejects.toThrow(
      /Price table models\.gpt-4\.1\.history\[0\]\.cacheWrite: expected a decimal string such as '0\.0025', got 1e-3/,
    );
  });

  it('reports cache writes per day', async () => {
    const days = await costPerDay(log.driver, range);
    expect(days.map((d) => [d.day, d.cachedInputTokens, d.cacheWriteInputTokens])).toEqual([
      ['2026-03-01', 4_096 + 2_222, 3_333 + 4_567],
      ['2026-03-02', 1_024 + 3_200 + 50_000 + 1_500, 2_750],
      ['2026-03-03', 9_000, 20_481 + 1_000],
    ]);
  });

  it('the generated price table reproduces the costs it recorded too', async () => {
    const known = CALLS.filter((c) => Object.hasOwn(priceTable.models, c.model));
    const generated = await record(log, priceTable, known, 'gen');
    expect(generated).toHaveLength(9);
    const rows = await Promise.all(
      generated.map(async (r) => {
        const { total } = await repriceCost(log.driver, priceTable, range, { where: { userId: r.userId } });
        return total;
      }),
    );
    expect(rows.map((t) => t.delta)).toEqual(generated.map(() => '0'));
    expect(rows.map((t) => t.repricedCost)).toEqual(generated.map((r) => r.estimatedCost));
  });
});
