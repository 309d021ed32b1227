import { describe, expect, it } from 'vitest';
import { createInstrumentation, type InstrumentationIssue, type InstrumentationOptions } from '@taxon/edge';
import { priceTable, type PricedModel } from './fixtures/taxon/index.js';
import { anthropicMessages, openAIChat, openAIChatStream, openAIResponses } from './lib/ai-provider-mock.js';
import { useInstrumentHarness } from './lib/instrument-harness.js';
import { testMeasurementProtocol } from './lib/measurement-protocol.js';

const harness = useInstrumentHarness();
const { ai, ga } = harness;
let sequence = 0;

/** Instrumentation as an app sets it up, with `overrides` (adapters, requireUsage, ...). */
function setup(overrides: Partial<InstrumentationOptions> = {}) {
  const issues: InstrumentationIssue[] = [];
  const mp = testMeasurementProtocol();
  const instrumentation = createInstrumentation({
    prices: priceTable,
    sink: harness.log,
    mp,
    release: '2026.11.1',
    onError: (issue) => issues.push(issue),
    ...overrides,
  });
  return { instrumentation, mp, issues };
}

function context(model: PricedModel) {
  sequence++;
  return {
    feature: 'rewrite',
    model,
    userId: `u_${sequence}`,
    requestId: `req_instrument_${sequence}_${Date.now()}`,
    planType: 'pro',
    clientId: '1234567890.1763900000',
    sessionId: '1763900000',
    correlationId: `corr_${sequence}_abcdefgh`,
  };
}

async function row(requestId: string) {
  const { rows } = await harness.log.driver.query<Record<string, unknown>>(
    'SELECT * FROM ai_usage_logs WHERE request_id = $1',
    [requestId],
  );
  return rows;
}

describe('instrumentGeneration: successful calls', () => {
  it('returns the very object the call resolved with and records exact figures and buckets', async () => {
    const { instrumentation, issues } = setup();
    const ctx = context('gpt-4.1');
    let produced: unknown;
    const result = await instrumentation.instrumentGeneration(ctx, async (signal) => {
      produced = await openAIChat(signal, 'gpt-4.1');
      return produced;
    });
    expect(result).toBe(produced);
    await instrumentation.flush();

    const rows = await row(ctx.requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: ctx.userId,
      feature_name: 'rewrite',
      model_name: 'gpt-4.1',
      input_tokens: 1200,
      cached_input_tokens: 200,
      cache_write_input_tokens: 0,
      output_tokens: 300,
      total_tokens: 1500,
      // (1000 x 0.002 + 200 x 0.0005 + 300 x 0.008) / 1000
      estimated_cost: '0.0045',
      success: true,
      error_type: null,
      plan_type: 'pro',
      release: '2026.11.1',
      client_id: ctx.clientId,
    });
    expect(Number(rows[0]!['request_duration_ms'])).toBeGreaterThanOrEqual(0);

    const events = ga.events();
    expect(events.map((e) => e.name)).toEqual(['generation_completed']);
    const [event] = events;
    expect(event!.clientId).toBe(ctx.clientId);
    expect(event!.userId).toBeUndefined();
    expect(event!.params).toMatchObject({
      feature: 'rewrite',
      model: 'gpt-4.1',
      token_bucket: '1k-2k',
      success: true,
      plan_type: 'pro',
      correlation_id: ctx.correlationId,
      session_id: ctx.sessionId,
    });
    expect(event!.params['duration_bucket']).toMatch(/ms|s|m\+/);
    // Buckets only: the exact figures never leave the process.
    const wire = ga.requests.map((r) => r.rawBody).join('\n');
    for (const exact of ['"tokens"', '"duration_ms"', '1500', '0.0045', ctx.userId, ctx.requestId]) {
      expect(wire).not.toContain(exact);
    }
    expect(issues).toEqual([]);
  });

  const calls = {
    'gpt-4.1 via chat completions': ['gpt-4.1', (s: AbortSignal) => openAIChat(s, 'gpt-4.1')],
    'gpt-4.1-mini via responses': ['gpt-4.1-mini', (s: AbortSignal) => openAIResponses(s, 'gpt-4.1-mini')],
    'gpt-4o-mini via a chat completions stream': [
      'gpt-4o-mini',
      (s: AbortSignal) => openAIChatStream(s, 'gpt-4o-mini'),
    ],
    'claude-sonnet-4-5 via messages': [
      'claude-sonnet-4-5',
      (s: AbortSignal) => anthropicMessages(s, 'claude-sonnet-4-5'),
    ],
    'claude-haiku-4-5 via a messages stream': [
      'claude-haiku-4-5',
      (s: AbortSignal) => anthropicMessages(s, 'claude-haiku-4-5', { stream: true }),
    ],
  } as const;
  // 1200 input tokens of which 200 read from the cache (and, for Anthropic, 100 written to it), 300 output.
  const expected = {
    // (1000 x .002 + 200 x .0005 + 300 x .008) / 1000
    'gpt-4.1 via chat completions': { cost: '0.0045', input: 1200, cached: 200, written: 0 },
    // (1000 x .0004 + 200 x .0001 + 300 x .0016) / 1000
    'gpt-4.1-mini via responses': { cost: '0.0009', input: 1200, cached: 200, written: 0 },
    // (1000 x .00015 + 200 x .000075 + 300 x .0006) / 1000
    'gpt-4o-mini via a chat completions stream': { cost: '0.000345', input: 1200, cached: 200, written: 0 },
    // (900 uncached x .003 + 200 read x .0003 + 100 written x .00375 + 300 x .015) / 1000
    'claude-sonnet-4-5 via messages': { cost: '0.007635', input: 1200, cached: 200, written: 100 },
    // (900 uncached x .001 + 200 read x .0001 + 100 written x .00125 + 300 x .005) / 1000
    'claude-haiku-4-5 via a messages stream': { cost: '0.002545', input: 1200, cached: 200, written: 100 },
  } as const;

  it.each(Object.keys(calls) as (keyof typeof calls)[])('prices %s exactly', async (name) => {
    const [model, call] = calls[name];
    ai.setUsage({ input: 1200, cached: 200, cacheWrite: model.startsWith('claude') ? 100 : 0, output: 300 });
    const { instrumentation, issues } = setup();
    const ctx = context(model);
    await instrumentation.instrumentGeneration(ctx, call);
    await instrumentation.flush();
    const [stored] = await row(ctx.requestId);
    expect(stored).toMatchObject({
      model_name: model,
      input_tokens: expected[name].input,
      cached_input_tokens: expected[name].cached,
      cache_write_input_tokens: expected[name].written,
      output_tokens: 300,
      total_tokens: 1500,
      estimated_cost: expected[name].cost,
      success: true,
    });
    expect(ga.events().map((e) => [e.name, e.params['model'], e.params['token_bucket']])).toEqual([
      ['generation_completed', model, '1k-2k'],
    ]);
    expect(issues).toEqual([]);
  });

  it('reads usage through an adapter the user adds, before the built-in ones', async () => {
    const { instrumentation, issues } = setup({
      adapters: [
        (result) => {
          const meta = (result as { meta?: { tokensIn: number; tokensOut: number } }).meta;
          if (!meta) return undefined;
          return { inputTokens: meta.tokensIn, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: meta.tokensOut };
        },
      ],
    });
    const ctx = context('gpt-4.1-mini');
    const result = await instrumentation.instrumentGeneration(ctx, async (signal) => {
      const response = await openAIResponses(signal, 'gpt-4.1-mini');
      return { text: 'done', meta: { tokensIn: 5000, tokensOut: 2500 }, response };
    });
    expect(result.text).toBe('done');
    await instrumentation.flush();
    // (5000 x 0.0004 + 2500 x 0.0016) / 1000
    expect(await row(ctx.requestId)).toMatchObject([
      { input_tokens: 5000, output_tokens: 2500, estimated_cost: '0.006' },
    ]);
    expect(ga.events()[0]!.params['token_bucket']).toBe('4k-8k');
    expect(issues).toEqual([]);
  });

  it('sends the user id as GA user_id only when sendUserId is on', async () => {
    const { instrumentation } = setup({ sendUserId: true });
    const ctx = context('gpt-4.1');
    await instrumentation.instrumentGeneration(ctx, (signal) => openAIChat(signal, 'gpt-4.1'));
    await instrumentation.flush();
    expect(ga.events().map((e) => e.userId)).toEqual([ctx.userId]);
  });

  it('requireUsage off: a result without usage is a success with 0 tokens, reported as usage_missing', async () => {
    ai.fault({ kind: 'missing_usage' });
    const { instrumentation, issues } = setup({ requireUsage: false });
    const ctx = context('gpt-4.1');
    await instrumentation.instrumentGeneration(ctx, (signal) => openAIChat(signal, 'gpt-4.1'));
    await instrumentation.flush();
    expect(await row(ctx.requestId)).toMatchObject([{ success: true, total_tokens: 0, estimated_cost: '0' }]);
    expect(ga.events().map((e) => [e.name, e.params['token_bucket']])).toEqual([['generation_completed', '0-250']]);
    expect(issues.map((i) => i.kind)).toEqual(['usage_missing']);
  });

  it('an adapter returning impossible counts is reported and the built-in adapters still read the usage', async () => {
    const { instrumentation, issues } = setup({
      adapters: [() => ({ inputTokens: 10, cachedInputTokens: 50, cacheWriteTokens: 0, outputTokens: -1 })],
    });
    const ctx = context('gpt-4.1');
    await instrumentation.instrumentGeneration(ctx, (signal) => openAIChat(signal, 'gpt-4.1'));
    await instrumentation.flush();
    expect(await row(ctx.requestId)).toMatchObject([{ input_tokens: 1200, output_tokens: 300, estimated_cost: '0.0045' }]);
    expect(issues.map((i) => i.kind)).toEqual(['adapter_failed']);
  });

  it('an unpriced model does not compile, and in development is refused before the call', async () => {
    const { instrumentation } = setup();
    const call = (signal: AbortSignal) => openAIChat(signal, 'gpt-5');
    const run = () =>
      // @ts-expect-error 'gpt-5' is not a key of the generated priceTable (checked by tsc).
      instrumentation.instrumentGeneration({ ...context('gpt-4.1'), model: 'gpt-5' }, call);
    await expect(run()).rejects.toThrow(/model 'gpt-5' is not in the price table/);
    expect(ai.requests).toEqual([]);
  });

  it('hands each background task to waitUntil, which settles once the row is stored', async () => {
    const { instrumentation } = setup();
    const waited: Promise<unknown>[] = [];
    const ctx = context('gpt-4.1');
    await instrumentation.instrumentGeneration(ctx, (signal) => openAIChat(signal, 'gpt-4.1'), {
      waitUntil: (task) => waited.push(task),
    });
    expect(waited).toHaveLength(1);
    await waited[0];
    expect(await row(ctx.requestId)).toHaveLength(1);
    expect(instrumentation.stats()).toMatchObject({ calls: 1, recorded: 1, eventsSent: 1, pending: 0 });
  });
});
