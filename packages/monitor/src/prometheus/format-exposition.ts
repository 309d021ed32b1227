// The Prometheus text exposition format (0.0.4) written from a prom-client snapshot
// (`registry.getMetricsAsJSON()`). prom-client's own `registry.metrics()` writes the same text but
// builds several arrays and strings per sample; with thousands of series that is most of a
// scrape's time (see `pnpm bench metrics`), so the handler formats the snapshot itself.

import type { Registry } from 'prom-client';

type Snapshot = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

// Label values repeat across series (closed sets), so their escaped form is remembered.
const escaped = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  let result = escaped.get(value);
  if (result === undefined) {
    result = /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
    if (escaped.size < MAX_REMEMBERED) escaped.set(value, result);
  }
  return result;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** Formats a snapshot as the text exposition (HELP and TYPE lines, one line per sample). */
export function formatExposition(snapshot: Snapshot): string {
  let out = '';
  for (const metric of snapshot) {
    out += `# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${metric.name} ${String(metric.type)}\n`;
    for (const sample of metric.values as { value: number; labels: Record<string, string | number | undefined>; metricName?: string }[]) {
      let labels = '';
      for (const key in sample.labels) {
        const value = sample.labels[key];
        if (value === undefined) continue;
        labels += `${labels ? ',' : '{'}${key}="${escapeLabelValue(String(value))}"`;
      }
      out += `${sample.metricName ?? metric.name}${labels ? `${labels}}` : ''} ${formatValue(sample.value)}\n`;
    }
  }
  return out;
}
