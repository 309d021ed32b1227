import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeCost,
  createInstrumentation,
  divideDecimal,
  formatDecimal,
  parseDecimal,
  addDecimal,
  multiplyDecimal,
  priceAt,
  sumDecimalStrings,
  type PriceTable,
  type TokenUsage,
  type UsageRecord,
} from '@taxon/edge';
import { priceTable } from './fixtures/taxon/index.js';
import { createAiProviderMock, openAIChat } from './lib/ai-provider-mock.js';

describe('decimal arithmetic', () => {
  it('parses and formats without drift or exponents', () => {
    expect(formatDecimal(parseDecimal('0.000075'))).toBe('0.000075');
    expect(formatDecimal(parseDecimal('12.500'))).toBe('12.5');
    expect(formatDecimal(parseDecimal('-0.0'))).toBe('0');
    expect(formatDecimal(divideDecimal(parseDecimal('1'), 10 ** 12))).toBe('0.000000000001');
    expect(sumDecimalStrings(['0.1', '0.2'])).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('refuses what is not a plain decimal, naming it', () => {
    for (const bad of ['1e-6', '', ' 1', '+1', '.5', '1.', 'NaN']) {
      expect(() => parseDecimal(bad)).toThrow(`got ${JSON.stringify(bad)}`);
    }
  });

  it('divides exactly or refuses: no silent rounding', () => {
    expect(formatDecimal(divideDecimal(parseDecimal('4.5'), 1000))).toBe('0.0045');
    expect(formatDecimal(divideDecimal(parseDecimal('1'), 8))).toBe('0.125');
    expect(() => divideDecimal(parseDecimal('1'), 3)).toThrow(/not a finite decimal/);
  });

  it('agrees with integer arithmetic on random values', () => {
    const micro = fc.bigInt({ min: 0n, max: 10n ** 15n });
    fc.assert(
      fc.property(micro, micro, fc.integer({ min: 0, max: 2_000_000 }), (a, b, tokens) => {
        const x = { units: a, scale: 6 };
        const y = { units: b, scale: 6 };
        expect(addDecimal(x, y)).toEqual({ units: a + b, scale: 6 });
        const product = multiplyDecimal({ units: BigInt(tokens), scale: 0 }, x);
        const exact = formatDecimal({ units: BigInt(tokens) * a, scale: 9 });
        expect(formatDecimal(divideDecimal(product, 1000))).toBe(exact);
        expect(parseDecimal(formatDecimal(x))).toSatisfy((d: { units: bigint; scale: number }) =>
          d.units * 10n ** BigInt(6 - d.scale) === a,
        );
      }),
    );
  });
});

const usage: TokenUsage = { inputTokens: 1200, cachedInputTokens: 200, cacheWriteTokens: 0, outputTokens: 300 };

/** gpt-4.1 with a price cut on 2026-01-01 (UTC). */
const changing: PriceTable = {
  currency: 'USD',
  perTokens: 1_000_000,
  models: {
    'gpt-4.1': {
      provider: 'openai',
      history: [
        { effective: '2026-01-01', input: '1', cachedInput: '0.25', output: '4' },
        { effective: '2025-04-14', input: '2', cachedInput: '0.5', output: '8' },
      ],
    },
  },
};

describe('computeCost', () => {
  it('prices input (minus cached), cached input and output separately', () => {
    const result = computeCost(priceTable, 'gpt-4.1', usage, new Date('2026-06-01T00:00:00Z'));
    expect(result).toMatchObject({ ok: true, cost: '0.0045', currency: 'USD', price: { effective: '2025-04-14' } });
  });

  it('prices Anthropic cache writes at cacheWrite, or at the input price when the table has none', () => {
    const anthropic: TokenUsage = { inputTokens: 1000, cachedInputTokens: 0, cacheWriteTokens: 1000, outputTokens: 0 };
    const at = new Date('2026-01-01');
    expect(computeCost(priceTable, 'claude-sonnet-4-5', anthropic, at)).toMatchObject({ cost: '0.00375' });
    expect(computeCost(priceTable, 'gpt-4.1', anthropic, at)).toMatchObject({ cost: '0.002' });
  });

  it('switches price at 00:00 UTC of the effective date', () => {
    const before = computeCost(changing, 'gpt-4.1', usage, new Date('2025-12-31T23:59:59.999Z'));
    const after = computeCost(changing, 'gpt-4.1', usage, new Date('2026-01-01T00:00:00.000Z'));
    // (1000 x 2 + 200 x 0.5 + 300 x 8) / 1e6 and (1000 x 1 + 200 x 0.25 + 300 x 4) / 1e6
    expect(before).toMatchObject({ ok: true, cost: '0.0045', price: { effective: '2025-04-14' } });
    expect(after).toMatchObject({ ok: true, cost: '0.00225', price: { effective: '2026-01-01' } });
    // 23:30 in New York on Dec 31 is already Jan 1 in UTC.
    const newYork = new Date('2025-12-31T23:30:00-05:00');
    expect(computeCost(changing, 'gpt-4.1', usage, newYork)).toMatchObject({ cost: '0.00225' });
  });

  it('says why it cannot price a call', () => {
    expect(computeCost(changing, 'gpt-4.1', usage, new Date('2025-04-13T23:59:59Z'))).toMatchObject({
      ok: false,
      reason: 'no_price_at_date',
    });
    const unknown = computeCost(priceTable, 'gpt-5', usage, new Date());
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown_model' });
    expect(unknown.ok ? '' : unknown.message).toContain('Expected one of: gpt-4.1, gpt-4.1-mini');
    expect(priceAt(priceTable, 'toString', new Date())).toBeUndefined();
  });

  it('a month of calls sums exactly', () => {
    const at = new Date('2026-02-01');
    const costs = Array.from({ length: 10_000 }, () => computeCost(priceTable, 'gpt-4o-mini', usage, at));
    const each = costs.map((c) => (c.ok ? c.cost : 'x'));
    expect(each[0]).toBe('0.000345');
    expect(sumDecimalStrings(each)).toBe('3.45');
    expect(each.reduce((sum, c) => sum + Number(c), 0)).not.toBe(3.45);
  });
});

describe('instrumentation prices a call by its start time', () => {
  const ai = createAiProviderMock();
  const server = setupServer(...ai.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it.each([
    ['2025-12-31T23:59:59.999Z', '0.0045'],
    ['2026-01-01T00:00:00.000Z', '0.00225'],
  ])('a call starting at %s costs %s', async (start, cost) => {
    const records: UsageRecord[] = [];
    const instrumentation = createInstrumentation({
      prices: changing,
      sink: { insert: async (record) => (records.push(record), true) },
      now: () => new Date(start),
    });
    await instrumentation.instrumentGeneration(
      { feature: 'rewrite', model: 'gpt-4.1', userId: 'u_1', requestId: `req_cost_${start}` },
      (signal) => openAIChat(signal, 'gpt-4.1'),
    );
    await instrumentation.flush();
    expect(records.map((r) => [r.estimatedCost, r.createdAt.toISOString()])).toEqual([[cost, start]]);
  });
});
