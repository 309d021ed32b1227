import type { MetricsSink } from '@taxon/core/telemetry';

/**
 * Where Taxon's metrics go: one sink (e.g. `@taxon/monitor`'s Prometheus registry, or
 * `openTelemetryMetrics()` of `@taxon/edge/otel`) or several, each receiving every sample.
 */
export type MetricsOption = MetricsSink | readonly MetricsSink[];

/**
 * One sink that hands each sample to every given sink, each call in its own try/catch: a sink
 * that throws never reaches the AI call, the route or the webhook, and never starves the others.
 * `undefined` when there is no sink, so callers skip building labels entirely.
 */
export function guardMetrics(option: MetricsOption | undefined): MetricsSink | undefined {
  if (option === undefined) return undefined;
  const sinks: readonly MetricsSink[] = Array.isArray(option) ? option : [option as MetricsSink];
  if (sinks.length === 0) return undefined;
  const each = (method: keyof MetricsSink) =>
    function (this: void, metric: never, value: number, labels: never): void {
      for (const sink of sinks) {
        try {
          sink[method](metric, value, labels);
        } catch {
          // A metrics backend failing must not fail the work it measures.
        }
      }
    };
  return { add: each('add'), observe: each('observe'), set: each('set') } as MetricsSink;
}
