import type { MetricsSink } from '@taxon/core/telemetry';
import { openTelemetryMetrics } from '@taxon/edge/otel';

/**
 * The demo's metrics sink, shared by the instrumentation, the MP client and the wrapped routes.
 * Placeholder until the Prometheus registry of `@taxon/monitor` lands here (it serves
 * `/api/metrics`): for now samples go to OpenTelemetry instruments, which record nothing until
 * the app registers a `MeterProvider` (instrumentation.ts registers traces only).
 */
export const metrics: MetricsSink = openTelemetryMetrics();
