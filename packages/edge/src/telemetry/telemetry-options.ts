import type { GenerationTracing, TraceHeaders } from './generation-tracing.js';
import type { MetricsOption } from './guard-metrics.js';

/** The metrics and tracing options of `createInstrumentation`. */
export interface GenerationTelemetryHooks {
  /**
   * Where each call's metrics go: one `MetricsSink` or several, each receiving every sample
   * (`gen_ai.client.operation.duration`, `gen_ai.client.token.usage`, generations, errors, tokens,
   * cost, unpriced calls, background failures). Every call into a sink is guarded: a throwing sink
   * never fails the AI call. @default none
   */
  metrics?: MetricsOption;
  /** One span per AI call, e.g. `openTelemetryTracer()` of `@taxon/edge/otel`. @default none */
  tracing?: GenerationTracing;
  /**
   * The taxonomy's enum values (the generated `enumValues`). Metric labels carry a context's
   * `feature`, `planType`, `model` only when it is one of these values, else `_OTHER`; without
   * them `feature` and `plan` are always `_OTHER`, `model` is checked against the price table and
   * `error_type` against `aiErrorTypes`.
   */
  enums?: Readonly<Record<string, readonly string[]>>;
}

/** The tracing option of one instrumented call. */
export interface GenerationCallTelemetryOptions {
  /** The incoming request's headers: a W3C `traceparent` there parents the call's span when no span is active. */
  headers?: TraceHeaders;
}

/** Handed to the call as its second argument. */
export interface GenerationProgress {
  /**
   * Call when the first chunk of a streamed response arrives: records
   * `gen_ai.client.operation.time_to_first_chunk`. Later calls are ignored; calls without a
   * stream need not call it.
   */
  firstChunk(): void;
}
