// What each instrumented call, MP delivery, webhook and wrapped route hands to a MetricsSink.
// The sink here only records samples (the exporters are @taxon/monitor's and @taxon/edge/otel's).
import Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import type { MetricsSink } from '@taxon/core/telemetry';
import {
  checkoutSessionMetadata,
  createInstrumentation,
  createMemoryProcessedEvents,
  recordCheckoutCompleted,
  withRouteMetrics,
  type GenerationContext,
  type PriceTable,
  type UsageSink,
} from '@taxon/edge';
import { enumValues, priceTable } from './fixtures/taxon/index.js';
import { openAIChat, type ProviderFault } from './lib/ai-provider-mock.js';
import { useInstrumentHarness } from './lib/instrument-harness.js';
import { testMeasurementProtocol } from './lib/measurement-protocol.js';

let gaFaults: ({ kind: 'status'; status: number } | undefined)[] = [];
const harness = useInstrumentHarness({ gaFault: () => gaFaults.shift() });
const { ai } = harness;
const prices: PriceTable = priceTable;

interface Sample {
  method: keyof MetricsSink;
  metric: string;
  value: number;
  labels: Record<string, string>;
}

function recordingSink() {
  const samples: Sample[] = [];
  const sink = {
    add: (metric: string, value: number, labels: Record<string, string>) => samples.push({ method: 'add', metric, value, labels }),
    observe: (metric: string, value: number, labels: Record<string, string>) => samples.push({ method: 'observe', metric, value, labels }),
    set: (metric: string, value: number, labels: Record<string, string>) => samples.push({ method: 'set', metric, value, labels }),
  } as unknown as MetricsSink;
  const of = (metric: string) => samples.filter((s) => s.metric === metric);
  return { sink, samples, of };
}

const throwingSink = {
  add: () => {
    throw new Error('sink down');
  },
  observe: () => {
    throw new Error('sink down');
  },
  set: () => {
    throw new Error('sink down');
  },
} as MetricsSink;

let sequence = 0;
function ctx(overrides: Partial<GenerationContext> = {}): GenerationContext {
  sequence++;
  return {
    feature: 'rewrite',
    model: 'gpt-4.1',
    userId: `u_metrics_${sequence}`,
    requestId: `req_metrics_${sequence}_${Date.now()}`,
    planType: 'pro',
    clientId: '1234567890.1763900000',
    sessionId: '1763900000',
    correlationId: `corr${sequence}metrics`,
    ...overrides,
  };
}

describe('instrumentGeneration metrics', () => {
  it('a success: duration, token usage per type, generations, tokens by type and the exact cost', async () => {
    const { sink, of, samples } = recordingSink();
    const instrumentation = createInstrumentation({ prices, sink: harness.log, metrics: sink, enums: enumValues });
    const context = ctx();
    await instrumentation.instrumentGeneration(context, (signal) => openAIChat(signal, 'gpt-4.1'));
    await instrumentation.flush();

    const genAi = {
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: 'openai',
      gen_ai_request_model: 'gpt-4.1',
      gen_ai_response_model: 'gpt-4.1',
      feature: 'rewrite',
    };
    const [duration, ...more] = of('genAiOperationDuration');
    expect(more).toEqual([]);
    expect(duration).toMatchObject({ method: 'observe', labels: genAi });
    expect(duration!.value).toBeGreaterThanOrEqual(0);
    expect(duration!.value).toBeLessThan(60);
    expect(of('genAiTokenUsage').map((s) => [s.labels['gen_ai_token_type'], s.value])).toEqual([
      ['input', 1200],
      ['output', 300],
    ]);
    expect(of('generations')).toEqual([
      { method: 'add', metric: 'generations', value: 1, labels: { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro', outcome: 'success' } },
    ]);
    expect(of('aiTokens').map((s) => [s.labels['token_type'], s.value])).toEqual([
      ['input', 1200],
      ['output', 300],
      ['cache_read', 200],
    ]);
    expect(of('aiCost')).toEqual([
      { method: 'add', metric: 'aiCost', value: 0.0045, labels: { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro' } },
    ]);
    expect(of('aiErrors')).toEqual([]);
    expect(of('aiUnpriced')).toEqual([]);
    // No id ever becomes a label value.
    const values = samples.flatMap((s) => Object.values(s.labels));
    for (const id of [context.userId, context.requestId, context.correlationId, context.clientId]) expect(values).not.toContain(id);
  });

  it.each([
    ['ai_rate_limit', { kind: 'rate_limit', retryAfterSeconds: 2 }],
    ['ai_provider_error', { kind: 'server_error' }],
    ['ai_token_limit_exceeded', { kind: 'context_length' }],
    ['ai_malformed_response', { kind: 'malformed_json' }],
    ['ai_malformed_response', { kind: 'missing_usage' }],
    ['ai_validation_error', { kind: 'invalid_output' }],
    ['ai_timeout', { kind: 'hang' }],
  ] as const)('%s (%o): error.type on the duration, an error outcome and aiErrors', async (errorType, fault: ProviderFault) => {
    ai.fault(fault);
    const { sink, of } = recordingSink();
    const instrumentation = createInstrumentation({ prices, sink: harness.log, metrics: sink, enums: enumValues });
    await instrumentation
      .instrumentGeneration(ctx({ feature: 'summarize', planType: 'free' }), (signal) => openAIChat(signal, 'gpt-4.1', { validate: true }), {
        timeoutMs: 100,
      })
      .catch(() => undefined);
    await instrumentation.flush();
    expect(of('genAiOperationDuration').map((s) => s.labels['error_type'])).toEqual([errorType]);
    expect(of('generations').map((s) => s.labels)).toEqual([{ feature: 'summarize', model: 'gpt-4.1', plan: 'free', outcome: 'error' }]);
    expect(of('aiErrors').map((s) => s.labels)).toEqual([{ feature: 'summarize', model: 'gpt-4.1', error_type: errorType }]);
  });

  it('a model without a price at the call date counts as unpriced and adds no cost', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const { sink, of } = recordingSink();
      const instrumentation = createInstrumentation({
        prices,
        sink: harness.log,
        metrics: sink,
        enums: enumValues,
        now: () => new Date('2020-01-01T00:00:00Z'),
      });
      await instrumentation.instrumentGeneration(ctx(), (signal) => openAIChat(signal, 'gpt-4.1'));
      await instrumentation.flush();
      expect(of('aiUnpriced')).toEqual([{ method: 'add', metric: 'aiUnpriced', value: 1, labels: { model: 'gpt-4.1' } }]);
      expect(of('aiCost')).toEqual([]);
      expect(of('generations').map((s) => s.labels['outcome'])).toEqual(['success']);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('values outside the taxonomy enums become _OTHER; without enums feature and plan are _OTHER', async () => {
    const withEnums = recordingSink();
    const a = createInstrumentation({ prices, metrics: withEnums.sink, enums: enumValues });
    await a.instrumentGeneration(ctx({ planType: 'Jane Doe <jane@example.com>' }), (signal) => openAIChat(signal, 'gpt-4.1'));
    expect(withEnums.of('generations').map((s) => s.labels)).toEqual([
      { feature: 'rewrite', model: 'gpt-4.1', plan: '_OTHER', outcome: 'success' },
    ]);
    const without = recordingSink();
    const b = createInstrumentation({ prices, metrics: without.sink });
    await b.instrumentGeneration(ctx({ operationName: 'embeddings' }), (signal) => openAIChat(signal, 'gpt-4.1'));
    expect(without.of('generations').map((s) => s.labels)).toEqual([
      { feature: '_OTHER', model: 'gpt-4.1', plan: '_OTHER', outcome: 'success' },
    ]);
    expect(without.of('genAiOperationDuration')[0]!.labels['gen_ai_operation_name']).toBe('embeddings');
  });

  it('firstChunk() records the time to first chunk once', async () => {
    const { sink, of } = recordingSink();
    const instrumentation = createInstrumentation({ prices, metrics: sink, enums: enumValues });
    await instrumentation.instrumentGeneration(ctx(), async (signal, progress) => {
      const answer = await openAIChat(signal, 'gpt-4.1');
      progress.firstChunk();
      progress.firstChunk();
      return answer;
    });
    const [first, ...more] = of('genAiTimeToFirstChunk');
    expect(more).toEqual([]);
    expect(first!.value).toBeGreaterThanOrEqual(0);
    expect(first!.value).toBeLessThanOrEqual(of('genAiOperationDuration')[0]!.value);
    // A call that never calls it records none.
    await instrumentation.instrumentGeneration(ctx(), (signal) => openAIChat(signal, 'gpt-4.1'));
    expect(of('genAiTimeToFirstChunk')).toHaveLength(1);
  });

  it('a throwing sink never fails the call; the other sinks still get every sample', async () => {
    const good = recordingSink();
    const instrumentation = createInstrumentation({ prices, metrics: [throwingSink, good.sink], enums: enumValues });
    const answer = await instrumentation.instrumentGeneration(ctx(), (signal) => openAIChat(signal, 'gpt-4.1'));
    expect(answer.choices[0]!.message.content).toEqual(expect.any(String));
    expect(good.of('generations')).toHaveLength(1);
    expect(good.of('genAiOperationDuration')).toHaveLength(1);
  });

  it('a failing usage sink counts as a background failure of task usage_sink', async () => {
    const { sink, of } = recordingSink();
    const failing: UsageSink = { insert: () => Promise.reject(new Error('database down')) };
    const instrumentation = createInstrumentation({ prices, sink: failing, metrics: sink, onError: () => undefined });
    await instrumentation.instrumentGeneration(ctx(), (signal) => openAIChat(signal, 'gpt-4.1'));
    await instrumentation.flush();
    expect(of('backgroundFailures')).toEqual([{ method: 'add', metric: 'backgroundFailures', value: 1, labels: { task: 'usage_sink' } }]);
  });
});

describe('Measurement Protocol metrics', () => {
  const ids = { clientId: '42.1700000000', sessionId: '1700000002' };

  it('counts sent, retried and dropped events, drops by reason, and the queue size', async () => {
    const { sink, of } = recordingSink();
    // Retry waits return at once (injected clock): no real sleep.
    const mp = testMeasurementProtocol({ metrics: sink, concurrency: 1, clock: { sleep: async () => {}, random: () => 0.5 } });
    mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: 'a' });
    await mp.flush();
    gaFaults = [{ kind: 'status', status: 503 }];
    mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: 'b' });
    await mp.flush();
    mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: 'b' });
    vi.stubEnv('NODE_ENV', 'production');
    try {
      mp.send('subscription_cancelled', { plan_type: 'pro' }, { clientId: '', sessionId: '' }, { dedupeKey: 'c' });
    } finally {
      vi.unstubAllEnvs();
    }
    await mp.flush();
    expect(of('mpEvents').map((s) => [s.labels['outcome'], s.value])).toEqual([
      ['sent', 1],
      ['retried', 1],
      // The invalid event only: the deduplicated re-send is not a delivery outcome.
      ['dropped', 1],
    ]);
    expect(of('mpDrops').map((s) => s.labels['reason'])).toEqual(['duplicate', 'invalid_event']);
    const queue = of('mpQueueSize');
    expect(queue[0]).toEqual({ method: 'set', metric: 'mpQueueSize', value: 1, labels: {} });
    expect(queue.at(-1)!.value).toBe(0);
  });

  it('a queue overflow is a drop with reason queue_overflow', async () => {
    const { sink, of } = recordingSink();
    const mp = testMeasurementProtocol({ metrics: [throwingSink, sink], maxQueue: 1 });
    mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: 'x1' });
    mp.send('subscription_cancelled', { plan_type: 'pro' }, ids, { dedupeKey: 'x2' });
    await mp.flush();
    expect(of('mpDrops').map((s) => s.labels['reason'])).toEqual(['queue_overflow']);
    expect(of('mpEvents').map((s) => s.labels['outcome']).sort()).toEqual(['dropped', 'sent']);
  });
});

describe('webhook metrics', () => {
  it('counts a processed delivery, then its redelivery as duplicate, and a bad signature', async () => {
    const { sink, of } = recordingSink();
    const stripe = new Stripe('sk_test_not_a_real_key');
    const secret = 'whsec_test_metrics_0123456789';
    const event = {
      id: `evt_metrics_${Date.now()}`,
      object: 'event',
      created: Math.floor(Date.now() / 1000),
      type: 'checkout.session.completed',
      data: {
        object: {
          id: `cs_test_metrics_${Date.now()}`,
          object: 'checkout.session',
          payment_status: 'paid',
          amount_total: 1999,
          currency: 'usd',
          metadata: checkoutSessionMetadata({ ...{ clientId: '1234567890.1763900000', sessionId: '1763900000' }, targetPlan: 'pro', billingInterval: 'monthly' }),
        },
      },
    };
    const body = JSON.stringify(event);
    const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret });
    const deps = { mp: testMeasurementProtocol(), processed: createMemoryProcessedEvents(), metrics: sink, stripe, secret };
    expect((await recordCheckoutCompleted({ ...deps, body, signature })).status).toBe('recorded');
    expect((await recordCheckoutCompleted({ ...deps, body, signature })).status).toBe('duplicate');
    expect((await recordCheckoutCompleted({ ...deps, body, signature: 'forged' })).status).toBe('invalid_signature');
    expect(of('webhookEvents').map((s) => s.labels)).toEqual([
      { event_type: 'checkout.session.completed', outcome: 'processed' },
      { event_type: 'checkout.session.completed', outcome: 'duplicate' },
      { event_type: '_OTHER', outcome: 'invalid_signature' },
    ]);
  });
});

describe('withRouteMetrics', () => {
  it('records the route latency by route, method and status class; a throw is 5xx and rethrown', async () => {
    const { sink, of } = recordingSink();
    const boom = new Error('handler failed');
    const ok = withRouteMetrics('/api/generate', async () => new Response(null, { status: 201 }), { metrics: sink });
    const fails = withRouteMetrics('/api/generate', async (): Promise<Response> => {
      throw boom;
    }, { metrics: [throwingSink, sink] });
    const teapot = withRouteMetrics('api/brew', () => new Response(null, { status: 418 }), { metrics: sink });

    expect((await ok(new Request('http://app.localhost/api/generate', { method: 'POST' }))).status).toBe(201);
    await expect(fails(new Request('http://app.localhost/api/generate?user=u_1', { method: 'POST' }))).rejects.toBe(boom);
    expect((await teapot(new Request('http://app.localhost/api/brew', { method: 'BREW' }))).status).toBe(418);

    expect(of('httpRouteDuration').map((s) => s.labels)).toEqual([
      { http_route: '/api/generate', http_request_method: 'POST', status_class: '2xx' },
      { http_route: '/api/generate', http_request_method: 'POST', status_class: '5xx' },
      { http_route: 'api/brew', http_request_method: '_OTHER', status_class: '4xx' },
    ]);
    for (const sample of of('httpRouteDuration')) expect(sample.method).toBe('observe');
  });
});
