// The registry's current values as line-protocol points, in the shape Telegraf's `prometheus`
// input writes with `metric_version = 1` (and InfluxDB's own scraper), so dashboards built for
// either read ours unchanged:
//   measurement = the Prometheus metric name (histograms without `_bucket`/`_sum`/`_count`),
//   tags = the labels, fields: counters `counter`, gauges `gauge`, histograms one field per bucket
//   upper bound (cumulative count, e.g. `0.5`, `+Inf`) plus `count` and `sum`; summaries one field
//   per quantile plus `count` and `sum`.
// One point per label set. Counts are integers (`i`): bucket counts, `count`, and counters and
// gauges whose unit is a count (`{token}`, `{event}`); sums, seconds and USD are floats.

import type { Registry } from 'prom-client';
import { METRICS } from '@taxon/core/telemetry';
import { SELF_METRICS } from '../metrics/self-metrics.js';
import { integer, type LineFieldValue, type LinePoint } from './format-line.js';

// Metrics whose counter or gauge value is a whole count (the registry refuses fractions for them).
const WHOLE = new Set<string>([
  ...Object.values(METRICS).filter((m) => m.kind !== 'histogram' && m.unit.startsWith('{')).map((m) => m.promName),
  ...Object.values(SELF_METRICS).map((m) => m.promName),
]);

type Snapshot = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/** Converts a prom-client snapshot (`registry.getMetricsAsJSON()`) into points stamped `timestampNs`. */
export function snapshotToPoints(snapshot: Snapshot, timestampNs: bigint | undefined): LinePoint[] {
  const points: LinePoint[] = [];
  for (const metric of snapshot) {
    const type = String(metric.type);
    if (type === 'histogram' || type === 'summary') {
      points.push(...distribution(metric, type === 'histogram' ? 'le' : 'quantile', timestampNs));
      continue;
    }
    const field = type === 'counter' || type === 'gauge' ? type : 'value';
    const whole = WHOLE.has(metric.name);
    for (const sample of metric.values) {
      const value: LineFieldValue = whole ? integer(sample.value) : sample.value;
      points.push({ measurement: metric.name, tags: stringTags(sample.labels), fields: { [field]: value }, timestampNs });
    }
  }
  return points;
}

function distribution(metric: Snapshot[number], boundLabel: 'le' | 'quantile', timestampNs: bigint | undefined): LinePoint[] {
  const series = new Map<string, { tags: Record<string, string>; fields: Record<string, LineFieldValue> }>();
  for (const sample of metric.values as { value: number; labels: Record<string, string | number>; metricName?: string }[]) {
    const { [boundLabel]: bound, ...rest } = sample.labels;
    const tags = stringTags(rest);
    const key = JSON.stringify(Object.entries(tags).sort());
    let entry = series.get(key);
    if (!entry) series.set(key, (entry = { tags, fields: {} }));
    const name = sample.metricName ?? metric.name;
    if (name.endsWith('_sum')) entry.fields.sum = sample.value;
    else if (name.endsWith('_count')) entry.fields.count = integer(sample.value);
    else if (bound !== undefined) entry.fields[String(bound)] = boundLabel === 'le' ? integer(sample.value) : sample.value;
  }
  return [...series.values()].map(({ tags, fields }) => ({ measurement: metric.name, tags, fields, timestampNs }));
}

function stringTags(labels: Readonly<Record<string, string | number | undefined>>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) if (value !== undefined) tags[key] = String(value);
  return tags;
}
