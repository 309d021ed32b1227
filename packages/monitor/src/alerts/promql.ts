import { METRICS, type MetricDefinition } from '@taxon/core/telemetry';
import { formatDuration, type AlertDef, type AlertLevel, type AlertSignal, type MetricSelector } from '@taxon/taxonomy';

// PromQL for an alert, from its parsed definition. One function per step, so the dashboard can
// chart exactly the value an alert compares: signal -> value (baseline applied) -> condition.

/** Options shared by the Prometheus and Grafana renderers. */
export interface PromqlOptions {
  /**
   * Test aid: divides every window, `for`, `keep_firing_for`, baseline offset and baseline
   * subquery range and step by this factor
   * (60 turns 5m into 5s), so an end-to-end test sees an alert go pending then firing in seconds.
   * Never for production rules. @default 1
   */
  timeScale?: number;
}

/** A duration (ms) as PromQL writes it, after the test time scale. */
export function scaledDuration(ms: number, options: PromqlOptions = {}): string {
  const scale = options.timeScale ?? 1;
  if (!(scale >= 1)) throw new RangeError(`timeScale must be 1 or more, got ${scale}.`);
  return ms === 0 ? '0s' : formatDuration(Math.max(1, Math.round(ms / scale)));
}

function metricOf(id: string): MetricDefinition {
  const metric = (METRICS as Record<string, MetricDefinition>)[id];
  if (!metric) throw new Error(`Unknown metric "${id}": lint the alerts first (taxon lint).`);
  return metric;
}

const escapeString = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `name{key="v",key=~"a|b"}` for a selector; `suffix` picks a histogram's `_bucket` or `_count`. */
export function selectorText(selector: MetricSelector, suffix = ''): string {
  const matchers = Object.entries(selector.where).map(([key, values]) =>
    values.length === 1 ? `${key}="${escapeString(values[0]!)}"` : `${key}=~"${escapeString(values.map(escapeRegex).join('|'))}"`,
  );
  return `${metricOf(selector.metric).promName}${suffix}${matchers.length ? `{${matchers.join(',')}}` : ''}`;
}

/** A counter's series, or a histogram's `_count` (each observation counts once). */
const counted = (s: MetricSelector) => selectorText(s, metricOf(s.metric).kind === 'histogram' ? '_count' : '');
const by = (labels: readonly string[]) => (labels.length ? ` by (${labels.join(', ')})` : '');

/** The Prometheus names a signal reads, for summaries: `taxon_ai_errors_total / taxon_ai_generations_total`. */
export function signalMetricNames(signal: AlertSignal): string {
  const name = (s: MetricSelector) => metricOf(s.metric).promName;
  if (signal.kind !== 'ratio') return name(signal.of);
  const [top, bottom] = [name(signal.numerator), name(signal.denominator)];
  return top === bottom ? top : `${top} / ${bottom}`;
}

/**
 * The signal over `window`, grouped by `labels`, optionally shifted back by `offsetMs` (for
 * baselines). Ratios divide summed rates, so each group's ratio weighs every call equally.
 */
export function signalExpr(
  signal: AlertSignal,
  window: string,
  labels: readonly string[],
  offsetMs = 0,
  options: PromqlOptions = {},
): string {
  const range = `[${window}]${offsetMs > 0 ? ` offset ${scaledDuration(offsetMs, options)}` : ''}`;
  switch (signal.kind) {
    case 'ratio':
      return `sum${by(labels)} (rate(${counted(signal.numerator)}${range})) / sum${by(labels)} (rate(${counted(signal.denominator)}${range}))`;
    case 'quantile':
      return `histogram_quantile(${signal.quantile}, sum${by(['le', ...labels])} (rate(${selectorText(signal.of, '_bucket')}${range})))`;
    case 'rate':
      // Per `per` in real time: a test time scale shrinks windows, not the unit of the value.
      return `sum${by(labels)} (rate(${counted(signal.of)}${range})) * ${signal.perMs / 1000}`;
    case 'increase':
      return `sum${by(labels)} (increase(${counted(signal.of)}${range}))`;
    case 'gauge':
      return `${signal.aggregate}${by(labels)} (${signal.aggregate}_over_time(${selectorText(signal.of)}${range}))`;
  }
}

/** The number an alert compares with its thresholds (what `{{ $value }}` shows): the signal, or the signal against its baseline. */
export function alertValueExpr(alert: AlertDef, options: PromqlOptions = {}): string {
  const window = scaledDuration(alert.windowMs, options);
  const signal = signalExpr(alert.signal, window, alert.labels, 0, options);
  const baseline = alert.baseline;
  if (!baseline) return signal;
  if (baseline.type === 'same_hour') {
    // Each day tagged with its own `baseline_day` label and joined with `or`, then averaged: a day
    // without data (a gap, or the first week) drops out of the mean instead of emptying it, as a
    // `+` chain would.
    const days = Array.from(
      { length: baseline.days },
      (_, i) => `label_replace(${signalExpr(alert.signal, window, alert.labels, (i + 1) * 86_400_000, options)}, "baseline_day", "${i + 1}", "", "")`,
    );
    const mean = `avg${by(alert.labels)} (${days.join(' or ')})`;
    // A quiet hour (mean near 0) would make any traffic an infinite spike: a ratio compares
    // against the floor instead; a drop is not judged below it (there is nothing to drop from).
    return baseline.compare === 'ratio'
      ? `(${signal}) / clamp_min(${mean}, ${baseline.minBaseline})`
      : `1 - (${signal}) / (${mean} >= ${baseline.minBaseline})`;
  }
  // The history is sampled every `step` over `over`, ending where the current window starts.
  const history = `(${signal})[${scaledDuration(baseline.overMs, options)}:${scaledDuration(baseline.stepMs, options)}] offset ${window}`;
  return `((${signal}) - avg_over_time(${history})) / clamp_min(stddev_over_time(${history}), ${baseline.minStddev})`;
}

/** The alerting expression of one level: the value beyond the level's threshold. */
export function alertLevelExpr(alert: AlertDef, level: AlertLevel, options: PromqlOptions = {}): string {
  return `(${alertValueExpr(alert, options)}) ${alert.condition === 'above' ? '>' : '<'} ${level.threshold}`;
}
