// The registry's own health: samples it refused and label values it replaced with `_OTHER`.
// These are not in @taxon/core's METRICS table on purpose: no emitter records them (only the
// registry does, about itself), and the alert-rule linter can still see them through
// SELF_METRICS. Their labels are closed sets too (metric names from the table, reasons below).

/** Why the registry refused a sample. */
export type SampleDropReason =
  /** NaN, infinite, negative (counters, histograms), or a fraction where the unit is a count. */
  | 'invalid_value'
  /** A new label combination beyond the metric's series cap (`maxSeriesPerMetric`). */
  | 'series_limit'
  /** `add` on a histogram, `observe` on a counter, and so on. */
  | 'wrong_kind'
  /** A metric id that is not in METRICS. */
  | 'unknown_metric'
  /** prom-client itself threw; counted rather than thrown into the caller. */
  | 'internal_error';

/** Every drop reason, in a stable order. */
export const SAMPLE_DROP_REASONS: readonly SampleDropReason[] = [
  'invalid_value',
  'series_limit',
  'wrong_kind',
  'unknown_metric',
  'internal_error',
];

/** The registry's self-metrics (Prometheus names; both counters of whole samples). */
export const SELF_METRICS = {
  droppedSamples: {
    promName: 'taxon_metrics_dropped_samples_total',
    description: 'Samples the metrics registry refused, by metric and reason (invalid value, series cap, wrong kind, unknown metric).',
    labels: ['metric', 'reason'],
  },
  replacedLabelValues: {
    promName: 'taxon_metrics_replaced_label_values_total',
    description: 'Label values recorded as _OTHER because they were outside their closed set (taxonomy enum, fixed list, declared values).',
    labels: ['metric', 'label'],
  },
} as const;
