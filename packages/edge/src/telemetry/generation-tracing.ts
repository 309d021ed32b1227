// The span side of AI-call instrumentation, as an interface: the main entry of @taxon/edge never
// imports @opentelemetry/api. `openTelemetryTracer()` of `@taxon/edge/otel` implements it.

/** Incoming request headers (a fetch `Headers` or a plain record), read for a W3C `traceparent`. */
export type TraceHeaders = { get(name: string): string | null } | Readonly<Record<string, string | undefined>>;

/** What is known of an AI call when it starts. Only closed-set values and opaque ids; never a prompt. */
export interface GenerationSpanStart {
  /** `gen_ai.operation.name`, e.g. `chat`. */
  operationName: string;
  /** `gen_ai.provider.name`: the price table's `provider` of the model. */
  providerName: string;
  /** `gen_ai.request.model`. */
  requestModel: string;
  /** `taxon.feature`. */
  feature: string;
  /** `taxon.correlation_id`: the browser lifecycle's id, the join key with GA4 and Sentry. */
  correlationId?: string;
  /** `taxon.request_id`: the usage-log row's key (`ai_usage_logs.request_id`). */
  requestId?: string;
  /** The incoming request's headers; a `traceparent` there parents the span when none is active. */
  headers?: TraceHeaders;
}

/** What is known when the call has ended. */
export interface GenerationSpanEnd {
  /** `gen_ai.response.model`, when the response named it. */
  responseModel?: string;
  /** Token counts, when the usage was read (`gen_ai.usage.*`). */
  usage?: { input: number; output: number; cacheRead: number; cacheCreation: number };
  /** `error.type`: the call's error category; the span status becomes ERROR. */
  errorType?: string;
  /** `taxon.cost_usd`: the exact decimal cost, when known and in USD. */
  costUsd?: string;
}

/** The span of one AI call. */
export interface GenerationSpan {
  /** Runs the provider call with this span active, so the app's fetch instrumentation nests under it. */
  run<T>(fn: () => T): T;
  /** Sets the outcome's attributes and ends the span. */
  end(outcome: GenerationSpanEnd): void;
}

/** Starts one span per AI call; see `openTelemetryTracer()` in `@taxon/edge/otel`. */
export interface GenerationTracing {
  startGenerationSpan(start: GenerationSpanStart): GenerationSpan;
}
