// One metrics registry per process: the MetricsSink the edge's instrumentation records into, over a
// private prom-client Registry that the Prometheus and Influx line-protocol exporters read.

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRICS, OTHER_VALUE, type MetricDefinition, type MetricId, type MetricKind, type MetricsSink } from '@taxon/core/telemetry';
import { createLabelResolver, type LabelResolver, type MetricsTaxonomy } from './label-guard.js';
import { SAMPLE_DROP_REASONS, SELF_METRICS, type SampleDropReason } from './self-metrics.js';

/** Options of {@link createMetrics}. */
export interface CreateMetricsOptions {
  /**
   * The generated runtime taxonomy (`import { taxonomy } from '<generated>/taxon'`): its enums are
   * the only values `enum` labels (feature, model, plan, error category) may take.
   */
  readonly taxonomy: MetricsTaxonomy;
  /**
   * Label combinations kept per metric; samples for a new combination beyond it are dropped and
   * counted in `taxon_metrics_dropped_samples_total{reason="series_limit"}`.
   * @default 2000
   */
  readonly maxSeriesPerMetric?: number;
  /**
   * Values of `declared` labels (route names passed to the route wrapper), by label key, e.g.
   * `{ http_route: ['/api/generate', '/api/checkout'] }`. A listed key accepts exactly these.
   */
  readonly declared?: Readonly<Record<string, readonly string[]>>;
  /**
   * For `declared` labels not listed in `declared`: distinct values kept (first come) before
   * further ones become `_OTHER`.
   * @default 100
   */
  readonly maxDeclaredValues?: number;
}

/** Taxon's metrics: record through the {@link MetricsSink} methods, export through the handlers. */
export interface TaxonMetrics extends MetricsSink {
  /**
   * The private prom-client registry behind the instruments (never prom-client's global one).
   * Add your own collectors here, e.g. `collectDefaultMetrics({ register: metrics.registry })`.
   */
  readonly registry: Registry;
  /** Samples refused since creation, by reason (also exported as `taxon_metrics_dropped_samples_total`). */
  droppedSamples(): Readonly<Record<SampleDropReason, number>>;
}

interface Instrument {
  readonly definition: MetricDefinition;
  readonly keys: readonly string[];
  readonly resolvers: readonly LabelResolver[];
  /** A count unit (`{token}`, `{event}`): values must be whole numbers (Influx writes them as integers). */
  readonly whole: boolean;
  readonly series: Set<string>;
  readonly record: (labels: Record<string, string>, value: number) => void;
}

const DEFAULT_MAX_SERIES = 2000;
const DEFAULT_MAX_DECLARED = 100;
const METHOD_KIND: Record<'add' | 'observe' | 'set', MetricKind> = { add: 'counter', observe: 'histogram', set: 'gauge' };

/**
 * Creates the metrics registry for every metric in `METRICS` (@taxon/core/telemetry): counters,
 * gauges and histograms with the table's buckets, on a private prom-client `Registry`. Create it
 * once per process and pass it to the instrumentation as its `MetricsSink`, and to
 * {@link metricsHandler} / {@link lineProtocolHandler} / {@link pushToInflux} to export it.
 *
 * Label values outside their closed set become `_OTHER`; a label left out stays absent. Invalid
 * values, series beyond the cap and wrong-kind calls are dropped and counted, never thrown.
 *
 * @example
 * ```ts
 * import { taxonomy } from '@/generated/taxon';
 * export const metrics = createMetrics({ taxonomy });
 * metrics.add('generations', 1, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro', outcome: 'success' });
 * ```
 */
export function createMetrics(options: CreateMetricsOptions): TaxonMetrics {
  const maxSeries = positiveInteger(options.maxSeriesPerMetric, DEFAULT_MAX_SERIES, 'maxSeriesPerMetric');
  const maxDeclaredValues = positiveInteger(options.maxDeclaredValues, DEFAULT_MAX_DECLARED, 'maxDeclaredValues');
  if (!options.taxonomy || typeof options.taxonomy !== 'object') {
    throw new TypeError("createMetrics: taxonomy is required (the generated runtime taxonomy, e.g. `createMetrics({ taxonomy })` with `import { taxonomy } from './generated/taxon'`).");
  }
  const registry = new Registry();
  const declaredSets = new Map<string, Set<string>>();
  const guard = { declared: options.declared, maxDeclaredValues };

  const dropped = new Counter({ name: SELF_METRICS.droppedSamples.promName, help: SELF_METRICS.droppedSamples.description, labelNames: SELF_METRICS.droppedSamples.labels, registers: [registry] });
  const replaced = new Counter({ name: SELF_METRICS.replacedLabelValues.promName, help: SELF_METRICS.replacedLabelValues.description, labelNames: SELF_METRICS.replacedLabelValues.labels, registers: [registry] });
  const drops = Object.fromEntries(SAMPLE_DROP_REASONS.map((reason) => [reason, 0])) as Record<SampleDropReason, number>;

  const instruments = new Map<string, Instrument>();
  for (const [id, definition] of Object.entries(METRICS) as [MetricId, MetricDefinition][]) {
    const keys = definition.labels.map((label) => label.key);
    const config = { name: definition.promName, help: definition.description, labelNames: keys, registers: [registry] };
    let record: Instrument['record'];
    if (definition.kind === 'counter') {
      const counter = new Counter(config);
      record = (labels, value) => counter.inc(labels, value);
    } else if (definition.kind === 'gauge') {
      const gauge = new Gauge(config);
      record = (labels, value) => gauge.set(labels, value);
    } else {
      const histogram = new Histogram({ ...config, buckets: [...(definition.buckets ?? [])] });
      record = (labels, value) => histogram.observe(labels, value);
    }
    instruments.set(id, {
      definition,
      keys,
      resolvers: definition.labels.map((label) => createLabelResolver(label, options.taxonomy, guard, declaredSets)),
      whole: definition.unit.startsWith('{'),
      series: new Set(),
      record,
    });
  }

  const drop = (metric: string, reason: SampleDropReason) => {
    drops[reason]++;
    try {
      dropped.inc({ metric, reason });
    } catch {
      // Counting a drop must not fail either; the in-memory count above still has it.
    }
  };

  const sample = (method: 'add' | 'observe' | 'set', id: string, value: number, raw: unknown) => {
    const instrument = typeof id === 'string' ? instruments.get(id) : undefined;
    if (!instrument) return drop(OTHER_VALUE, 'unknown_metric');
    const { definition } = instrument;
    if (definition.kind !== METHOD_KIND[method]) return drop(definition.promName, 'wrong_kind');
    if (!validValue(value, definition.kind, instrument.whole)) return drop(definition.promName, 'invalid_value');
    try {
      const given = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const labels: Record<string, string> = {};
      let key = '';
      for (let i = 0; i < instrument.keys.length; i++) {
        const name = instrument.keys[i]!;
        // Left out stays out (Prometheus reads an absent label as empty), as OpenTelemetry leaves
        // `error.type` off a successful call; only a value given outside its set is `_OTHER`.
        if (given[name] === undefined) {
          key += '\u0001';
          continue;
        }
        const value = instrument.resolvers[i]!(given[name]);
        if (value === OTHER_VALUE && given[name] !== undefined && given[name] !== OTHER_VALUE) replaced.inc({ metric: definition.promName, label: name });
        labels[name] = value;
        key += `${value}\u0000`;
      }
      if (!instrument.series.has(key)) {
        if (instrument.series.size >= maxSeries) return drop(definition.promName, 'series_limit');
        instrument.series.add(key);
      }
      instrument.record(labels, value);
    } catch {
      drop(definition.promName, 'internal_error');
    }
  };

  return {
    registry,
    add: (metric, value, labels) => sample('add', metric, value, labels),
    observe: (metric, value, labels) => sample('observe', metric, value, labels),
    set: (metric, value, labels) => sample('set', metric, value, labels),
    droppedSamples: () => ({ ...drops }),
  };
}

function validValue(value: number, kind: MetricKind, whole: boolean): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (kind !== 'gauge' && value < 0) return false;
  // Counts stay whole so the Influx encoder can write them as integers; histogram sums may not be.
  return kind === 'histogram' || !whole || Number.isInteger(value);
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`createMetrics: ${name} must be a positive integer (got ${String(value)}); e.g. { ${name}: ${fallback} }.`);
  }
  return value;
}
