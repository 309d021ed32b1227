import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createInstrumentation,
  type InstrumentationIssue,
  type InstrumentationOptions,
  type PriceTable,
} from '@taxon/edge';
import { costBy } from '@taxon/store';
import type { UsageRecord, UsageSink } from '@taxon/core';
import { priceTable } from './fixtures/taxon/index.js';
import { openAIChat } from './lib/ai-provider-mock.js';
import type { GaFault } from './lib/ga-mock.js';
import { useInstrumentHarness } from './lib/instrument-harness.js';
import { testMeasurementProtocol } from './lib/measurement-protocol.js';

// Widened: these tests pass models from data, the way a misconfigured app would.
const prices: PriceTable = priceTable;
let gaFault: GaFault | undefined;
const harness = useInstrumentHarness({ gaFault: () => gaFault });
const { ai, ga } = harness;
let sequence = 0;

afterEach(() => {
  gaFault = undefined;
  vi.unstubAllEnvs();
});

/** Sinks that fail: test inputs standing in for a database that is down or hangs. */
const rejectingSink: UsageSink = { insert: () => Promise.reject(new Error('connection refused')) };
const hangingSink: UsageSink = { insert: () => new Promise<boolean>(() => {}) };

function mpClient() {
  return testMeasurementProtocol({
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
}

function setup(overrides: Partial<InstrumentationOptions> = {}) {
  const issues: InstrumentationIssue[] = [];
  const mp = mpClient();
  const instrumentation = createInstrumentation({
    prices,
    sink: harness.log,
    mp,
    onError: (issue) => issues.push(issue),
    ...overrides,
  });
  return { instrumentation, issues, mp };
}

function context(extra: Record<string, string> = {}) {
  sequence++;
  return {
    feature: 'expand',
    model: 'gpt-4.1-mini',
    userId: `u_fault_${sequence}`,
    requestId: `req_faults_${sequence}_${Date.now()}`,
    clientId: '777.1763900000',
    sessionId: '1763900002',
    ...extra,
  };
}

async function rows(requestId: string) {
  return (await harness.log.driver.query('SELECT * FROM ai_usage_logs WHERE request_id = $1', [requestId])).rows;
}

describe('instrumentation never breaks or delays the AI response', () => {
  it('a sink whose insert never settles: the call returns its result, and the GA event still goes out', async () => {
    const { instrumentation, issues } = setup({ sink: hangingSink, sinkTimeoutMs: 20 });
    let produced: unknown;
    const result = await instrumentation.instrumentGeneration(context(), async (s) => {
      produced = await openAIChat(s, 'gpt-4.1-mini');
      return produced;
    });
    expect(result).toBe(produced);
    expect(instrumentation.stats().pending).toBe(1);
    await instrumentation.flush();
    expect(instrumentation.stats()).toMatchObject({ sinkTimeouts: 1, eventsSent: 1, pending: 0 });
    expect(issues.map((i) => i.kind)).toEqual(['sink_timeout']);
    expect(ga.events().map((e) => e.name)).toEqual(['generation_completed']);
  });

  it('a sink that rejects: the result is unchanged, the failure is reported, GA still gets the event', async () => {
    const { instrumentation, issues } = setup({ sink: rejectingSink });
    let produced: unknown;
    const result = await instrumentation.instrumentGeneration(context(), async (s) => {
      produced = await openAIChat(s, 'gpt-4.1-mini');
      return produced;
    });
    expect(result).toBe(produced);
    await instrumentation.flush();
    expect(issues).toMatchObject([{ kind: 'sink_failed', error: { message: 'connection refused' } }]);
    expect(instrumentation.stats().sinkFailures).toBe(1);
    expect(ga.events().map((e) => e.name)).toEqual(['generation_completed']);
  });

  it('a failing call with a failing sink: the caller gets the call’s own error object', async () => {
    ai.fault({ kind: 'server_error' });
    const { instrumentation } = setup({ sink: rejectingSink });
    let thrown: unknown;
    const caught = await instrumentation
      .instrumentGeneration(context(), async (s) => {
        try {
          return await openAIChat(s, 'gpt-4.1-mini');
        } catch (error) {
          thrown = error;
          throw error;
        }
      })
      .catch((error: unknown) => error);
    expect(caught).toBe(thrown);
    await instrumentation.flush();
    const sent = ga.events().map((e) => [e.name, e.params['error_type']]);
    expect(sent).toEqual([['generation_failed', 'ai_provider_error']]);
  });

  it('GA answering 500 every time: result unchanged, row stored, the MP client counts the drop', async () => {
    gaFault = { kind: 'status', status: 500 };
    const { instrumentation, mp } = setup();
    const ctx = context();
    let produced: unknown;
    const result = await instrumentation.instrumentGeneration(ctx, async (s) => {
      produced = await openAIChat(s, 'gpt-4.1-mini');
      return produced;
    });
    expect(result).toBe(produced);
    await instrumentation.flush();
    expect(await rows(ctx.requestId)).toHaveLength(1);
    expect(ga.requests.length).toBeGreaterThan(0);
    expect(ga.events()).toEqual([]);
    const dropped = Object.values(mp.dropCounts()).reduce((a, b) => a + b, 0);
    expect(dropped).toBe(1);
  });

  it('an MP client that refuses the event (a feature outside the taxonomy): reported, result unchanged', async () => {
    const { instrumentation, issues } = setup();
    const ctx = context({ feature: 'poetry' });
    let produced: unknown;
    const result = await instrumentation.instrumentGeneration(ctx, async (s) => {
      produced = await openAIChat(s, 'gpt-4.1-mini');
      return produced;
    });
    expect(result).toBe(produced);
    await instrumentation.flush();
    expect(issues.map((i) => i.kind)).toEqual(['mp_failed']);
    expect(instrumentation.dropCounts().invalid_event).toBe(1);
    expect(await rows(ctx.requestId)).toHaveLength(1);
  });

  it('an onError hook that throws changes nothing', async () => {
    const { instrumentation } = setup({
      sink: rejectingSink,
      onError: () => {
        throw new Error('reporter down');
      },
    });
    const result = await instrumentation.instrumentGeneration(context(), (s) => openAIChat(s, 'gpt-4.1-mini'));
    expect(result.object).toBe('chat.completion');
    await expect(instrumentation.flush()).resolves.toBeUndefined();
  });

  it('without clientId or sessionId no GA event is sent (it could not join the session); the row is kept', async () => {
    const { instrumentation, issues } = setup();
    const { clientId: _c, sessionId: _s, ...ctx } = context();
    await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.instrumentGeneration({ ...context(), sessionId: '' }, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.flush();
    expect(ga.requests).toEqual([]);
    expect(instrumentation.dropCounts().invalid_event).toBe(2);
    expect(issues.map((i) => i.kind)).toEqual(['mp_skipped_missing_ids', 'mp_skipped_missing_ids']);
    expect(await rows(ctx.requestId)).toMatchObject([{ client_id: null, success: true }]);
  });
});

describe('misuse', () => {
  it('in development an unknown model throws before the provider is called', async () => {
    const { instrumentation } = setup();
    await expect(
      instrumentation.instrumentGeneration(context({ model: 'gpt-9' }), (s) => openAIChat(s, 'gpt-9')),
    ).rejects.toThrow(/model 'gpt-9' is not in the price table\. Expected one of: gpt-4\.1, /);
    expect(ai.requests).toEqual([]);
  });

  it('in development a context without requestId throws with an example', async () => {
    const { instrumentation } = setup();
    await expect(
      instrumentation.instrumentGeneration({ ...context(), requestId: '' }, (s) => openAIChat(s, 'gpt-4.1-mini')),
    ).rejects.toThrow(/lacks requestId\. Expected non-empty strings, e\.g\./);
  });

  it('in production an unknown model is called, stored with an unknown (NULL) cost and reported as cost_unknown', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { instrumentation, issues, mp } = setup();
    const ctx = context({ model: 'gpt-9' });
    const result = await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-9'));
    expect(result.model).toBe('gpt-9');
    await instrumentation.flush();
    expect(await rows(ctx.requestId)).toMatchObject([{ model_name: 'gpt-9', total_tokens: 1500, estimated_cost: null }]);
    expect(issues.map((i) => i.kind)).toEqual(['cost_unknown']);
    expect(issues[0]!.message).toMatch(/model 'gpt-9' is not in the price table.*unknown cost \(estimatedCost null\)/);
    // The cost queries count the call as unpriced instead of adding a cost of 0.
    expect(await costBy(harness.log.driver, 'user', '24h', { where: { userId: ctx.userId } })).toEqual([
      { key: ctx.userId, calls: 1, cost: '0', unpricedCalls: 1, totalTokens: 1500 },
    ]);
    expect(instrumentation.stats().costUnknown).toBe(1);
    // 'gpt-9' is outside the taxonomy's model enum: the MP client drops the event in production.
    expect(mp.dropCounts().invalid_event).toBe(1);
  });

  it('in production a context without requestId is called but not recorded', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { instrumentation, issues } = setup();
    const call = (s: AbortSignal) => openAIChat(s, 'gpt-4.1-mini');
    const result = await instrumentation.instrumentGeneration({ ...context(), requestId: '' }, call);
    expect(result.object).toBe('chat.completion');
    await instrumentation.flush();
    expect(issues.map((i) => i.kind)).toEqual(['invalid_context']);
    expect(ga.requests).toEqual([]);
  });
});

describe('user ids in the usage log', () => {
  const EMAILS = ['jane.doe@example.com', 'jane%40example.com', 'user+tag@sub.example.co.uk'];

  it('in development an email as userId throws before the AI call, without echoing it', async () => {
    const { instrumentation } = setup();
    for (const userId of EMAILS) {
      const error = await instrumentation
        .instrumentGeneration(context({ userId }), (s) => openAIChat(s, 'gpt-4.1-mini'))
        .then(() => undefined, (e: unknown) => e as Error);
      expect(error).toBeInstanceOf(TypeError);
      expect(error!.message).toMatch(/context\.userId looks like personal data .*Pass your internal user id/);
      expect(error!.message).not.toContain(userId);
    }
    expect(ai.requests).toEqual([]);
  });

  it('in production the call runs but nothing is stored or sent: refused as pii_blocked and counted', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { instrumentation, issues } = setup();
    const ctx = context({ userId: 'jane.doe@example.com' });
    const result = await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    expect(result.object).toBe('chat.completion');
    await instrumentation.flush();
    expect(await rows(ctx.requestId)).toEqual([]);
    expect(issues.map((i) => i.kind)).toEqual(['pii_blocked']);
    expect(JSON.stringify(issues)).not.toContain('jane');
    expect(instrumentation.stats()).toMatchObject({ calls: 1, recorded: 0, piiBlocked: 1 });
    expect(ga.requests).toEqual([]);
  });

  it('stores internal ids as given: prefixed, UUID, numeric', async () => {
    const { instrumentation } = setup();
    for (const userId of ['u_7f3a9c', '3f2b8c1e-4d5a-4b6c-9e8f-0a1b2c3d4e5f', '1234567890123']) {
      const ctx = context({ userId });
      await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
      await instrumentation.flush();
      expect(await rows(ctx.requestId)).toMatchObject([{ user_id: userId }]);
    }
  });
});

describe('idempotency by request id', () => {
  it('a retried request id writes one row and sends one GA event', async () => {
    const { instrumentation } = setup();
    const ctx = context();
    await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.flush();
    await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.flush();
    expect(await rows(ctx.requestId)).toHaveLength(1);
    expect(ga.events().map((e) => e.name)).toEqual(['generation_completed']);
    expect(instrumentation.stats()).toMatchObject({ calls: 2, recorded: 1, duplicates: 1, eventsSent: 1 });
    expect(instrumentation.dropCounts().duplicate).toBe(1);
  });

  it('two concurrent calls with one request id: one row, one GA event', async () => {
    const { instrumentation } = setup();
    const ctx = context();
    const results = await Promise.all([
      instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini')),
      instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini')),
    ]);
    expect(results).toHaveLength(2);
    await instrumentation.flush();
    expect(await rows(ctx.requestId)).toHaveLength(1);
    expect(ga.events().map((e) => e.name)).toEqual(['generation_completed']);
  });

  it('with no sink the request id is the MP dedupe key: a retry sends nothing new', async () => {
    const mp = mpClient();
    const instrumentation = createInstrumentation({ prices, mp });
    const ctx = context();
    await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.flush();
    expect(ga.events().map((e) => e.name)).toEqual(['generation_completed']);
    expect(mp.dropCounts().duplicate).toBe(1);
  });

  it('a sink that times out does not cause a second GA event on retry either', async () => {
    const { instrumentation } = setup({ sink: hangingSink, sinkTimeoutMs: 10 });
    const ctx = context();
    await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.flush();
    expect(ga.events().map((e) => e.name)).toEqual(['generation_completed']);
  });
});

describe('the record written', () => {
  it('holds the exact figures the UsageRecord contract names', async () => {
    const inserted: UsageRecord[] = [];
    const recording: UsageSink = { insert: async (record) => (inserted.push(record), true) };
    const at = new Date('2026-03-01T12:00:00.000Z');
    const { instrumentation } = setup({ sink: recording, now: () => at, release: 'r1' });
    const ctx = context({ planType: 'enterprise' });
    await instrumentation.instrumentGeneration(ctx, (s) => openAIChat(s, 'gpt-4.1-mini'));
    await instrumentation.flush();
    expect(inserted).toEqual([
      {
        requestId: ctx.requestId,
        userId: ctx.userId,
        featureName: 'expand',
        modelName: 'gpt-4.1-mini',
        inputTokens: 1200,
        cachedInputTokens: 200,
        cacheWriteInputTokens: 0,
        outputTokens: 300,
        totalTokens: 1500,
        estimatedCost: '0.0009',
        requestDurationMs: expect.any(Number),
        success: true,
        errorType: null,
        planType: 'enterprise',
        release: 'r1',
        clientId: ctx.clientId,
        createdAt: at,
      },
    ]);
  });
});
