import { metrics as otelMetrics, type Attributes, type Counter, type Gauge, type Histogram, type Meter } from '@opentelemetry/api';
import { METRICS, type MetricDefinition, type MetricId, type MetricsSink } from '@taxon/core/telemetry';

type Instrument =
  | { kind: 'counter'; instrument: Counter; keys: readonly (readonly [string, string])[] }
  | { kind: 'histogram'; instrument: Histogram; keys: readonly (readonly [string, string])[] }
  | { kind: 'gauge'; instrument: Gauge; keys: readonly (readonly [string, string])[] };

const METER_NAME = '@taxon/edge';

function createInstrument(meter: Meter, definition: MetricDefinition): Instrument {
  const { otelName, unit, description } = definition;
  // Prometheus tag key -> OpenTelemetry attribute key (`gen_ai_request_model` -> `gen_ai.request.model`).
  const keys = definition.labels.map((label) => [label.key, label.attribute] as const);
  switch (definition.kind) {
    case 'counter':
      return { kind: 'counter', keys, instrument: meter.createCounter(otelName, { unit, description }) };
    case 'gauge':
      return { kind: 'gauge', keys, instrument: meter.createGauge(otelName, { unit, description }) };
    case 'histogram': {
      const advice = definition.buckets ? { explicitBucketBoundaries: [...definition.buckets] } : undefined;
      const instrument = meter.createHistogram(otelName, { unit, description, ...(advice && { advice }) });
      return { kind: 'histogram', keys, instrument };
    }
  }
}

function attributesOf(keys: Instrument['keys'], labels: Readonly<Record<string, string | undefined>>): Attributes {
  const attributes: Attributes = {};
  for (const [key, attribute] of keys) {
    const value = labels[key];
    // A label the caller left out stays out (the conventions set `error.type` only on failure).
    if (value !== undefined) attributes[attribute] = value;
  }
  return attributes;
}

/**
 * A `MetricsSink` that records Taxon's metrics as OpenTelemetry instruments, created once from
 * the metric table (`METRICS` of `@taxon/core/telemetry`): the GenAI conventions' names, units
 * and attribute keys, and explicit bucket boundaries given as `advice.explicitBucketBoundaries`
 * (an SDK view still wins). The app registers the SDK (`MeterProvider`) and its exporter; Taxon
 * adds no SDK dependency. Never throws.
 *
 * @param meter Where instruments are created. @default `metrics.getMeter('@taxon/edge')` of the global provider
 * @example
 * import { openTelemetryMetrics } from '@taxon/edge/otel';
 * createInstrumentation({ prices: priceTable, metrics: openTelemetryMetrics(), enums: enumValues });
 */
export function openTelemetryMetrics(meter: Meter = otelMetrics.getMeter(METER_NAME)): MetricsSink {
  const instruments = new Map<MetricId, Instrument>();
  for (const id of Object.keys(METRICS) as MetricId[]) {
    instruments.set(id, createInstrument(meter, METRICS[id]));
  }
  const record =
    (kind: Instrument['kind']) =>
    (metric: MetricId, value: number, labels: Readonly<Record<string, string | undefined>>): void => {
      try {
        const entry = instruments.get(metric);
        if (entry?.kind !== kind || !Number.isFinite(value)) return;
        const attributes = attributesOf(entry.keys, labels);
        if (entry.kind === 'counter') {
          if (value >= 0) entry.instrument.add(value, attributes);
        } else {
          entry.instrument.record(value, attributes);
        }
      } catch {
        // A broken SDK must not fail the call being measured.
      }
    };
  return { add: record('counter'), observe: record('histogram'), set: record('gauge') } as MetricsSink;
}
