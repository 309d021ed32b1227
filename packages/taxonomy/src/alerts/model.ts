import type { DefinitionSource } from '../model.js';
import type { SourcePosition } from '../findings.js';

// The parsed `alerts:` section: what the Prometheus and Grafana exporters (@taxon/monitor) render
// and what an in-app evaluator (issue 15) computes over the usage log. Every duration is kept as
// written (for messages and rule files) and in milliseconds (for arithmetic); a duration that does
// not parse is NaN here and an `alerts/invalid-duration` finding from the linter.

/** Which series of one metric a signal reads: the metric id and label matchers. */
export interface MetricSelector {
  /** A metric id of `METRICS` in `@taxon/core/telemetry`, e.g. `aiErrors`. */
  metric: string;
  /** Label key -> accepted values (one value is an equality match, several a set). */
  where: Record<string, string[]>;
  /** YAML path of the selector, for findings. */
  path: readonly (string | number)[];
}

/** How an alert's value is computed over its `window`, per group of `labels`. */
export type AlertSignal =
  /** sum(rate(numerator)) / sum(rate(denominator)), e.g. AI errors / generations. Counters (or histogram counts). */
  | { kind: 'ratio'; numerator: MetricSelector; denominator: MetricSelector }
  /** The `quantile` (0..1) of a histogram's observations in the window, e.g. p95 latency. */
  | { kind: 'quantile'; quantile: number; of: MetricSelector }
  /** Increase per `per` (e.g. per minute), averaged over the window: tokens/min. */
  | { kind: 'rate'; of: MetricSelector; per: string; perMs: number }
  /** Total increase over the window, e.g. AI cost of the last 1d. */
  | { kind: 'increase'; of: MetricSelector }
  /** A gauge aggregated over the window, e.g. the largest MP queue size in 5m. */
  | { kind: 'gauge'; of: MetricSelector; aggregate: 'avg' | 'max' | 'min' };

/** Compares the signal with its own past instead of a fixed level. */
export type AlertBaseline =
  /**
   * The mean of the signal at the same time of day over the previous `days` days that have data
   * (a missing day is left out, not counted as zero). `compare: ratio` makes the value
   * signal / max(baseline, minBaseline) (3 = 3x the baseline): a quiet hour compares against the
   * floor instead of dividing by zero. `compare: drop` makes it 1 - signal / baseline (0.4 = a 40%
   * drop), only where the baseline is at least `minBaseline`: a quiet hour has nothing to drop.
   * `minBaseline` is in the signal's unit (tokens/min for a rate per 1m).
   */
  | { type: 'same_hour'; days: number; compare: 'ratio' | 'drop'; minBaseline: number }
  /**
   * The mean and standard deviation of the signal sampled every `step` over the `over` before the
   * current window; the value is (signal - mean) / max(stddev, minStddev): standard deviations
   * above the average. `minStddev` keeps a flat history from turning any change into infinity.
   */
  | { type: 'average'; over: string; overMs: number; step: string; stepMs: number; compare: 'zscore'; minStddev: number };

/** Which way a value crosses its thresholds. */
export type AlertCondition = 'above' | 'below';

/** The known severities, mildest first. */
export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** One severity level of an alert: fires when the value is beyond `threshold` for `for`. */
export interface AlertLevel {
  /** As written; the linter rejects anything but {@link ALERT_SEVERITIES}. */
  severity: string;
  threshold: number;
  for: string;
  forMs: number;
  /** Position of the level's key, for findings. */
  at: SourcePosition;
}

/** How the value reads in summaries and on dashboards. */
export type AlertDisplay = 'percent' | 'seconds' | 'number' | 'usd';

/** One alert of `taxonomy/alerts.yaml`. */
export interface AlertDef extends DefinitionSource {
  name: string;
  description: string;
  signal: AlertSignal;
  baseline?: AlertBaseline;
  /** The window the signal is computed over, e.g. `5m`. */
  window: string;
  windowMs: number;
  condition: AlertCondition;
  /** Group-by labels (label keys of the signal's metrics): one alert per combination. */
  labels: string[];
  /** Levels in file order. */
  levels: AlertLevel[];
  keepFiringFor?: string;
  keepFiringForMs?: number;
  /**
   * Template with `{{ value }}`, `{{ threshold }}`, `{{ window }}`, `{{ metric }}`,
   * `{{ severity }}`, `{{ release }}` and `{{ labels.<key> }}` placeholders.
   */
  summary: string;
  display: AlertDisplay;
  runbookUrl?: string;
}

/** Settings of the alerts file. */
export interface AlertingSettings {
  /** How often Prometheus scrapes Taxon's metrics; windows shorter than this see no sample. @default 15s */
  scrapeInterval: string;
  scrapeIntervalMs: number;
  /** Where `scrape_interval` is written, when it is. */
  at?: SourcePosition;
  /**
   * How long Prometheus keeps samples (`--storage.tsdb.retention.time`); a baseline reaching
   * further back sees no history. @default 15d (Prometheus' default)
   */
  retention: string;
  retentionMs: number;
  /** Where `retention` is written, when it is. */
  retentionAt?: SourcePosition;
}

/** Placeholders a summary may use, besides `labels.<key>`. */
export const SUMMARY_PLACEHOLDERS = ['value', 'threshold', 'window', 'metric', 'severity', 'release', 'alert'] as const;

/** Every selector of a signal, numerator first. */
export function signalSelectors(signal: AlertSignal): MetricSelector[] {
  return signal.kind === 'ratio' ? [signal.numerator, signal.denominator] : [signal.of];
}
