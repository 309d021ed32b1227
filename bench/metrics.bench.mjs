// Metrics export (issue 14's figures): a Prometheus scrape of 10,000 series through
// metricsHandler, up to the response bytes (goal < 50 ms) and InfluxDB line-protocol encoding throughput, plus the cost of
// one guarded sample. Baselines, measured in the same run on the same data: prom-client alone (a
// plain Registry filled directly, no guard, its registry.metrics() text in a Response) for the scrape and the sample, and
// prom-client's own text exposition of the same registry for the line-protocol encoder.
import { createRequire } from 'node:module';
import { createMetrics, encodeLineProtocol, metricsHandler } from '../packages/monitor/dist/index.js';
import { performance } from 'node:perf_hooks';
import { ms, ratio, table } from './lib.mjs';

// Medians of `a` and `b` timed alternately (after a warm-up), so load and GC on this shared
// machine fall on both sides alike; timing one block after the other skewed the ratio either way.
async function interleaved(a, b, runs = 15) {
  for (let i = 0; i < 2; i++) { await a(); await b(); }
  const times = [[], []];
  for (let i = 0; i < runs; i++) {
    for (const [n, fn] of [a, b].entries()) {
      const start = performance.now();
      await fn();
      times[n].push(performance.now() - start);
    }
  }
  return times.map((t) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)]);
}

const { Counter, Histogram, Registry } = createRequire(new URL('../packages/monitor/package.json', import.meta.url))('prom-client');

// A taxonomy with enums wide enough for 10,000 series (the reference taxonomy allows ~150 per metric).
const range = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const taxonomy = { enums: { feature: range('feature_', 50), model: range('model_', 20), plan_type: range('plan_', 5) } };
// 8,300 counter series and 100 histogram label sets of 17 series each (14 buckets, +Inf, sum, count).
const counterSets = [];
for (const feature of taxonomy.enums.feature) for (const model of taxonomy.enums.model) for (const plan of taxonomy.enums.plan_type) counterSets.push({ feature, model, plan });
const costSets = counterSets.slice(0, 5000);
const generationSets = counterSets.slice(0, 1650).flatMap((l) => [{ ...l, outcome: 'success' }, { ...l, outcome: 'error' }]);
const histogramSets = range('feature_', 50).flatMap((feature) => ['model_0', 'model_1'].map((model) => ({
  gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: model, gen_ai_response_model: model, feature, error_type: '_OTHER',
})));

const metrics = createMetrics({ taxonomy, maxSeriesPerMetric: 20_000 });
for (const l of costSets) metrics.add('aiCost', 0.0123, l);
for (const l of generationSets) metrics.add('generations', 3, l);
for (const l of histogramSets) for (const s of [0.05, 0.3, 2]) metrics.observe('genAiOperationDuration', s, l);

const baseline = new Registry();
const cost = new Counter({ name: 'taxon_ai_cost_usd_total', help: 'cost', labelNames: ['feature', 'model', 'plan'], registers: [baseline] });
const generations = new Counter({ name: 'taxon_ai_generations_total', help: 'generations', labelNames: ['feature', 'model', 'plan', 'outcome'], registers: [baseline] });
const duration = new Histogram({
  name: 'gen_ai_client_operation_duration_seconds', help: 'duration', registers: [baseline],
  labelNames: Object.keys(histogramSets[0]), buckets: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
});
for (const l of costSets) cost.inc(l, 0.0123);
for (const l of generationSets) generations.inc(l, 3);
for (const l of histogramSets) for (const s of [0.05, 0.3, 2]) duration.observe(l, s);

const handler = metricsHandler(metrics);
const request = () => new Request('http://127.0.0.1/api/metrics');
const exposed = (await (await handler(request())).text()).split('\n').filter((line) => line && !line.startsWith('#')).length;
// Both up to the response bytes a scrape receives.
const [plain, scrape] = await interleaved(
  async () => new Response(await baseline.metrics()).arrayBuffer(),
  async () => (await handler(request())).arrayBuffer(),
);
table(`Prometheus scrape of ${exposed.toLocaleString('en')} series (goal < 50 ms)`, [
  ['', 'median', 'vs prom-client alone'],
  ['new Response(prom-client registry.metrics()) (baseline)', ms(plain), '1.0x'],
  ['metricsHandler(metrics)', ms(scrape), ratio(scrape, plain)],
]);

const { lines } = await encodeLineProtocol(metrics);
const [text, encode] = await interleaved(() => metrics.registry.metrics(), () => encodeLineProtocol(metrics));
const perSecond = (count, msValue) => `${Math.round((count / msValue) * 1000).toLocaleString('en')} lines/s`;
table(`InfluxDB line-protocol encoding, ${lines.toLocaleString('en')} lines from the same registry`, [
  ['', 'median', 'throughput', 'vs exposition'],
  [`prom-client text exposition, ${exposed.toLocaleString('en')} lines (baseline)`, ms(text), perSecond(exposed, text), '1.0x'],
  ['encodeLineProtocol(metrics)', ms(encode), perSecond(lines, encode), ratio(encode, text)],
]);

const N = 200_000;
const labels = { feature: 'feature_1', model: 'model_2', plan: 'plan_3', outcome: 'success' };
const [direct, guarded] = await interleaved(
  () => { for (let i = 0; i < N; i++) generations.inc(labels, 1); },
  () => { for (let i = 0; i < N; i++) metrics.add('generations', 1, labels); },
  7,
);
const ns = (total) => `${((total * 1e6) / N).toFixed(0)} ns`;
table('One counter sample', [
  ['', 'per sample', 'vs prom-client alone'],
  ['prom-client counter.inc(labels) (baseline)', ns(direct), '1.0x'],
  ['metrics.add (guard, series cap, then inc)', ns(guarded), ratio(guarded, direct)],
]);
