// The contract between code that records metrics (@taxon/edge's instrumentation, MP client,
// webhook and route helpers) and what exports them (@taxon/monitor's Prometheus registry and
// Influx line protocol, or @taxon/edge's OpenTelemetry bridge). It lives in core so neither side
// depends on the other.

import type { MetricId, MetricLabels } from './metric-catalog.js';

/**
 * Receives metric samples. Implementations must be synchronous, cheap (called on hot paths) and
 * must never throw; callers still guard every call, so a broken sink cannot fail an AI call.
 */
export interface MetricsSink {
  /** Adds `value` (>= 0) to a counter. */
  add<Id extends MetricId>(metric: Id, value: number, labels: MetricLabels<Id>): void;
  /** Records one observation of a histogram (seconds, tokens). */
  observe<Id extends MetricId>(metric: Id, value: number, labels: MetricLabels<Id>): void;
  /** Sets a gauge to `value`. */
  set<Id extends MetricId>(metric: Id, value: number, labels: MetricLabels<Id>): void;
}
