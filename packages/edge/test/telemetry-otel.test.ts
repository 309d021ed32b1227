// The OpenTelemetry bridge against the real SDK (in-memory exporters): span names, kinds and
// attributes, instrument names, units, attributes and bucket boundaries, checked against the GenAI
// semantic conventions v1.41 (the names in @taxon/core/telemetry).
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type HistogramMetricData,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_BUCKETS,
  METRICS,
} from '@taxon/core/telemetry';
import { createInstrumentation, type GenerationContext, type PriceTable } from '@taxon/edge';
import { openTelemetryMetrics, openTelemetryTracer } from '@taxon/edge/otel';
import { enumValues, priceTable } from './fixtures/taxon/index.js';
import { openAIChat } from './lib/ai-provider-mock.js';
import { useInstrumentHarness } from './lib/instrument-harness.js';

const harness = useInstrumentHarness();
const { ai } = harness;

const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const tracer = tracerProvider.getTracer('test');
let metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
let reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
let meterProvider = new MeterProvider({ readers: [reader] });

afterAll(async () => {
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  context.disable();
  propagation.disable();
});

beforeEach(async () => {
  spans.reset();
  // A fresh meter provider per test: cumulative points do not leak between tests.
  await meterProvider.shutdown();
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  meterProvider = new MeterProvider({ readers: [reader] });
});

const PROMPT = 'Rewrite my letter to Dr. Jane Roe, 12 Elm Street: SECRET-PROMPT-7781';
const SPAN_ATTRIBUTES = [
  'error.type',
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'taxon.correlation_id',
  'taxon.cost_usd',
  'taxon.feature',
  'taxon.request_id',
];
let sequence = 0;

function setup() {
  return createInstrumentation({
    prices: priceTable as PriceTable,
    sink: harness.log,
    metrics: openTelemetryMetrics(meterProvider.getMeter('taxon-test')),
    tracing: openTelemetryTracer(tracer),
    enums: enumValues,
  });
}

function ctx(overrides: Partial<GenerationContext> = {}): GenerationContext {
  sequence++;
  return {
    feature: 'rewrite',
    model: 'gpt-4.1',
    userId: `u_otel_${sequence}`,
    requestId: `req_otel_${sequence}_${Date.now()}`,
    planType: 'pro',
    correlationId: `corr${sequence}abcdefgh`,
    ...overrides,
  };
}

async function collect(): Promise<MetricData[]> {
  metricExporter.reset();
  await reader.forceFlush();
  return metricExporter.getMetrics().flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
}

const metric = (all: MetricData[], name: string) => {
  const found = all.find((m) => m.descriptor.name === name);
  if (!found) throw new Error(`no metric ${name} among ${all.map((m) => m.descriptor.name).join(', ')}`);
  return found;
};

describe('spans', () => {
  it('one CLIENT span per call, named "{operation} {model}", with exactly the allowed attributes and never the prompt', async () => {
    const instrumentation = setup();
    const context = ctx();
    // The prompt travels in the request body and, misused, in the context: neither may reach a span.
    const misused = { ...context, prompt: PROMPT } as GenerationContext;
    await instrumentation.instrumentGeneration(misused, async (signal) => {
      const answer = await openAIChat(signal, 'gpt-4.1');
      return { ...answer, echoedPrompt: PROMPT };
    });
    await instrumentation.flush();

    const [span, ...others] = spans.getFinishedSpans();
    expect(others).toEqual([]);
    expect(span!.name).toBe('chat gpt-4.1');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.response.model': 'gpt-4.1',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 200,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'taxon.correlation_id': context.correlationId,
      'taxon.request_id': context.requestId,
      'taxon.feature': 'rewrite',
      // (1000 x 0.002 + 200 x 0.0005 + 300 x 0.008) / 1000, the usage log's exact string.
      'taxon.cost_usd': '0.0045',
    });
    for (const key of Object.keys(span!.attributes)) expect(SPAN_ATTRIBUTES).toContain(key);
    // Everything an exporter sends of a span.
    const exported = JSON.stringify(
      spans.getFinishedSpans().map((s) => [s.name, s.attributes, s.events, s.links, s.status, s.resource.attributes]),
    );
    expect(exported).not.toContain('SECRET-PROMPT');
    expect(exported).not.toContain(context.userId);
  });

  it('context values outside their closed sets never reach the span name or attributes (production: not fatal there)', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const instrumentation = setup();
      const leaky = {
        ...ctx(),
        model: 'my prompt: write a poem',
        feature: 'Summarize the contract of jane@example.com',
        correlationId: 'jane.doe@example.com',
        requestId: 'jane@example.com',
      } as GenerationContext;
      await instrumentation.instrumentGeneration(leaky, async (signal) => ({ ...(await openAIChat(signal, 'gpt-4.1')), model: 'jane@example.com' }));
      await instrumentation.flush();
      const [span] = spans.getFinishedSpans();
      expect(span!.name).toBe('chat _OTHER');
      expect(span!.attributes['gen_ai.request.model']).toBe('_OTHER');
      expect(span!.attributes['taxon.feature']).toBe('_OTHER');
      expect(span!.attributes).not.toHaveProperty('taxon.correlation_id');
      expect(span!.attributes).not.toHaveProperty('taxon.request_id');
      expect(span!.attributes).not.toHaveProperty('gen_ai.response.model');
      const exported = JSON.stringify(spans.getFinishedSpans().map((s) => [s.name, s.attributes, s.events, s.status]));
      expect(exported).not.toMatch(/example\.com|poem|contract/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a tracer that throws around the call does not become the call\'s error', async () => {
    const instrumentation = createInstrumentation({
      prices: priceTable as PriceTable,
      sink: harness.log,
      enums: enumValues,
      tracing: {
        startGenerationSpan: () => ({
          run: () => {
            throw new Error('tracer bug');
          },
          end: () => {},
        }),
      },
    });
    const answer = await instrumentation.instrumentGeneration(ctx(), (signal) => openAIChat(signal, 'gpt-4.1'));
    expect(answer).toMatchObject({ model: 'gpt-4.1' });
    await instrumentation.flush();
    expect(instrumentation.stats()).toMatchObject({ calls: 1, recorded: 1 });
  });

  it('a failed call sets error.type to its category and the status to ERROR', async () => {
    ai.fault({ kind: 'rate_limit', retryAfterSeconds: 3 });
    const instrumentation = setup();
    await expect(instrumentation.instrumentGeneration(ctx(), (signal) => openAIChat(signal, 'gpt-4.1'))).rejects.toThrow();
    await instrumentation.flush();
    const [span] = spans.getFinishedSpans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ai_rate_limit' });
    expect(span!.attributes['error.type']).toBe('ai_rate_limit');
    for (const key of Object.keys(span!.attributes)) expect(SPAN_ATTRIBUTES).toContain(key);
  });

  it('the span is active during the provider call: spans started inside it are its children', async () => {
    const instrumentation = setup();
    let activeInside: string | undefined;
    await instrumentation.instrumentGeneration(ctx(), async (signal) => {
      activeInside = trace.getActiveSpan()?.spanContext().spanId;
      const child = tracer.startSpan('POST api.openai.test');
      const answer = await openAIChat(signal, 'gpt-4.1');
      child.end();
      return answer;
    });
    await instrumentation.flush();
    const finished = spans.getFinishedSpans();
    const aiSpan = finished.find((s) => s.name === 'chat gpt-4.1')!;
    const child = finished.find((s) => s.name === 'POST api.openai.test')!;
    expect(activeInside).toBe(aiSpan.spanContext().spanId);
    expect(child.parentSpanContext?.spanId).toBe(aiSpan.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(aiSpan.spanContext().traceId);
  });

  it('a W3C traceparent in the call headers parents the span when no span is active', async () => {
    const instrumentation = setup();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const headers = new Headers({ traceparent: `00-${traceId}-${parentId}-01` });
    await instrumentation.instrumentGeneration(ctx(), (signal) => openAIChat(signal, 'gpt-4.1'), { headers });
    await instrumentation.flush();
    const [span] = spans.getFinishedSpans();
    expect(span!.spanContext().traceId).toBe(traceId);
    expect(span!.parentSpanContext?.spanId).toBe(parentId);
    expect(span!.parentSpanContext?.isRemote).toBe(true);
  });
});

describe('metrics through the OpenTelemetry SDK', () => {
  it('creates every instrument of the metric table with its name, kind, unit and bucket boundaries', async () => {
    const instrumentation = setup();
    await instrumentation.instrumentGeneration(ctx(), (signal) => openAIChat(signal, 'gpt-4.1'));
    await instrumentation.flush();
    const all = await collect();

    const duration = metric(all, 'gen_ai.client.operation.duration') as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(duration.dataPoints[0]!.value.buckets.boundaries).toEqual([...GEN_AI_DURATION_BUCKETS]);
    expect(duration.dataPoints[0]!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.response.model': 'gpt-4.1',
      'taxon.feature': 'rewrite',
    });

    const tokens = metric(all, 'gen_ai.client.token.usage') as HistogramMetricData;
    expect(tokens.descriptor.unit).toBe('{token}');
    expect(tokens.dataPoints[0]!.value.buckets.boundaries).toEqual([...GEN_AI_TOKEN_BUCKETS]);
    const byType = Object.fromEntries(tokens.dataPoints.map((p) => [p.attributes['gen_ai.token.type'], p.value.sum]));
    expect(byType).toEqual({ input: 1200, output: 300 });

    const cost = metric(all, 'taxon.ai.cost');
    expect(cost.descriptor.unit).toBe('USD');
    expect(cost.dataPointType === DataPointType.SUM && cost.isMonotonic).toBe(true);
    expect(cost.dataPoints[0]!.value).toBeCloseTo(0.0045, 12);
    expect(cost.dataPoints[0]!.attributes).toEqual({ 'taxon.feature': 'rewrite', 'taxon.model': 'gpt-4.1', 'taxon.plan': 'pro' });

    const generations = metric(all, 'taxon.ai.generations');
    expect(generations.dataPoints.map((p) => [p.attributes['taxon.outcome'], p.value])).toEqual([['success', 1]]);

    const route = openTelemetryMetrics(meterProvider.getMeter('taxon-test-2'));
    route.observe('httpRouteDuration', 0.2, { http_route: '/api/generate', http_request_method: 'POST', status_class: '2xx' });
    route.set('mpQueueSize', 4, {});
    const later = await collect();
    const http = later.find((m) => m.descriptor.name === 'taxon.http.route.duration' && m.dataPoints.length > 0) as HistogramMetricData;
    expect(http.descriptor.unit).toBe('s');
    expect(http.dataPoints[0]!.value.buckets.boundaries).toEqual([...METRICS.httpRouteDuration.buckets]);
    const queue = later.find((m) => m.descriptor.name === 'taxon.mp.queue.size' && m.dataPoints.length > 0)!;
    expect(queue.dataPointType).toBe(DataPointType.GAUGE);
    expect(queue.dataPoints[0]!.value).toBe(4);
  });

  it('a failed call records error.type on the duration, only on failure', async () => {
    ai.fault({ kind: 'server_error' });
    const instrumentation = setup();
    await expect(instrumentation.instrumentGeneration(ctx({ feature: 'summarize' }), (s) => openAIChat(s, 'gpt-4.1'))).rejects.toThrow();
    await instrumentation.flush();
    const duration = metric(await collect(), 'gen_ai.client.operation.duration') as HistogramMetricData;
    const failed = duration.dataPoints.filter((p) => p.attributes['error.type'] !== undefined);
    expect(failed.map((p) => [p.attributes['error.type'], p.attributes['taxon.feature']])).toEqual([['ai_provider_error', 'summarize']]);
  });
});
