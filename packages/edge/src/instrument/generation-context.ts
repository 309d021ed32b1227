/**
 * Who made an AI call and why: the identifiers that join the usage log, analytics and error
 * reports. Never put prompts, outputs or personal data here.
 */
export interface GenerationContext<Model extends string = string> {
  /** The AI feature invoked, a value of the taxonomy's `feature` enum, e.g. `'rewrite'`. */
  feature: string;
  /**
   * The model called, a key of the price table, e.g. `'gpt-4.1'`. With the generated `priceTable`
   * an unpriced model is a type error.
   */
  model: Model;
  /** Your opaque account id (not an email). Stored in the usage log; sent to GA4 as `user_id` only with `sendUserId: true`. */
  userId: string;
  /**
   * Unique per attempt of the user's request: the usage log's idempotency key and the Measurement
   * Protocol dedupe key. Reuse it when the same request is delivered again (a client retry); use a
   * new one when you call the provider again on purpose.
   */
  requestId: string;
  /** The account's plan at the time of the call, e.g. `'pro'`. */
  planType?: string;
  /** The app release, overriding the instrumentation's `release`. */
  release?: string;
  /** GA4 client id from the browser (`getAnalyticsIds()` of `@taxon/web`). Needed for the GA event. */
  clientId?: string;
  /** GA4 session id from the browser. Needed for the GA event. */
  sessionId?: string;
  /**
   * `gen_ai.operation.name` of the call's metrics and span, one of the OpenTelemetry conventions'
   * values (`chat`, `embeddings`, `text_completion`, ...); others are recorded as `_OTHER`.
   * @default 'chat'
   */
  operationName?: string;
  /** Shared with the browser's `generation_started`, matching `^[A-Za-z0-9_-]{8,64}$`. */
  correlationId?: string;
}
