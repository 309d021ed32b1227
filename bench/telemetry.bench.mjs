// Overhead of metrics and spans per instrumented AI call: the same instrumentGeneration run
// without telemetry (the baseline, measured in the same run) and with a metrics sink and one span
// per call through the real OpenTelemetry SDK (MeterProvider aggregating every instrument,
// BasicTracerProvider with the AsyncLocalStorage context manager; the span exporter discards).
// The call resolves at once, so the difference is Taxon's telemetry cost alone. Goal: <= 5 µs.
import { createRequire } from 'node:module';
import { createInstrumentation } from '../packages/edge/dist/index.js';
import { openTelemetryMetrics, openTelemetryTracer } from '../packages/edge/dist/otel.js';
import { performance } from 'node:perf_hooks';
import { table, us } from './lib.mjs';

// The SDK is a dev dependency of @taxon/edge: resolve it (and the API) from there.
const require = createRequire(new URL('../packages/edge/package.json', import.meta.url));
const { context } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { BasicTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const discard = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(discard)] }).getTracer('bench');
const meter = new MeterProvider().getMeter('bench');

const prices = {
  currency: 'USD',
  perTokens: 1000,
  models: {
    'gpt-4.1': {
      provider: 'openai',
      history: [{ effective: '2025-04-14', input: '0.002', cachedInput: '0.0005', output: '0.008' }],
    },
  },
};
const enums = { feature: ['rewrite'], plan_type: ['pro'], model: ['gpt-4.1'] };
const result = { model: 'gpt-4.1', usage: { prompt_tokens: 1200, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 200 } } };
const call = async () => result;
const sink = { insert: async () => true };
const plain = createInstrumentation({ prices, sink, onError: () => {} });
const observed = createInstrumentation({
  prices,
  sink,
  onError: () => {},
  enums,
  metrics: openTelemetryMetrics(meter),
  tracing: openTelemetryTracer(tracer),
});

// Taxon's own share: the same label building and sink calls into a sink that does nothing.
const noop = { add() {}, observe() {}, set() {} };
const ownCost = createInstrumentation({ prices, sink, onError: () => {}, enums, metrics: noop });

const N = 10_000;
let round = 0;
const run = (instrumentation) => async () => {
  round++;
  for (let i = 0; i < N; i++) {
    await instrumentation.instrumentGeneration(
      { feature: 'rewrite', model: 'gpt-4.1', userId: 'user-1', requestId: `req-${round}-${i}`, planType: 'pro', correlationId: 'corrabcdefgh' },
      call,
    );
  }
  await instrumentation.flush();
};
// Alternated runs (A, B, A, B, ...) after a warm-up of both, medians of each: on a shared machine
// a load spike then hits both sides alike instead of one whole series.
async function alternate(fns, runs = 11) {
  for (let i = 0; i < 2; i++) for (const fn of fns) await fn();
  const times = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [n, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      times[n].push(performance.now() - start);
    }
  }
  return times.map((t) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)]);
}
const [without, withTelemetry, ownOnly] = await alternate([run(plain), run(observed), run(ownCost)]);
const overhead = (withTelemetry - without) / N;

table(`metrics + spans per instrumented AI call (${N.toLocaleString('en-US')} calls a run, alternated, median of 11)`, [
  ['instrumentation', 'per call', 'vs without'],
  ['without metrics and spans (baseline)', us(without / N), '1.00x'],
  ['with metrics (OTel SDK) + one span', us(withTelemetry / N), `${(withTelemetry / without).toFixed(2)}x`],
  ['overhead of metrics + spans', us(overhead), overhead * 1000 <= 5 ? 'goal <= 5 µs: met' : 'goal <= 5 µs: NOT met'],
  ["of which Taxon's own (metrics into a no-op sink, no span)", us((ownOnly - without) / N), `${(ownOnly / without).toFixed(2)}x`],
]);
