// @taxon/edge/otel: the OpenTelemetry bridge. A separate entry so the main one never imports
// @opentelemetry/api (an optional peer dependency); the app registers the SDK, Taxon adds none.
export { openTelemetryMetrics } from './otel/open-telemetry-metrics.js';
export { openTelemetryTracer, TAXON_SPAN_ATTRIBUTES } from './otel/open-telemetry-tracer.js';
export type {
  GenerationSpan,
  GenerationSpanEnd,
  GenerationSpanStart,
  GenerationTracing,
  TraceHeaders,
} from './telemetry/generation-tracing.js';
