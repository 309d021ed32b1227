// Measurement Protocol client (mp/)
export { createMeasurementProtocol } from './mp/create-measurement-protocol.js';
export { MP_LIMITS } from '@taxon/core';
export type {
  MeasurementProtocolClient,
  MeasurementProtocolDrop,
  MeasurementProtocolEventDefinition,
  MeasurementProtocolFlushResult,
  MeasurementProtocolIds,
  MeasurementProtocolOptions,
  MeasurementProtocolTaxonomy,
  MpEvent,
  MpPayload,
  PurchaseItem,
  PurchaseParams,
  SendOptions,
  ValidationCode,
  ValidationMessage,
} from './mp/types.js';

// AI call instrumentation and cost (instrument/, cost/)
export type { UsageRecord, UsageSink } from '@taxon/core';
export { createInstrumentation } from './instrument/create-instrumentation.js';
export { CreditRefusedError } from './instrument/credit-hold.js';
export type { CreditOptions, CreditRefusalCode, CreditUnit } from './instrument/credit-hold.js';
export type {
  GenerationCallOptions,
  Instrumentation,
  InstrumentationIssue,
  InstrumentationOptions,
  InstrumentationStats,
} from './instrument/instrumentation-types.js';
export type { GenerationContext } from './instrument/generation-context.js';
export type {
  GenerationCompletedParams,
  GenerationEventIds,
  GenerationEventSender,
  GenerationFailedParams,
} from './instrument/send-generation-event.js';
export {
  anthropicMessagesUsage,
  defaultUsageAdapters,
  openAIChatUsage,
  openAIResponsesUsage,
  readTokenUsage,
} from './instrument/adapters.js';
export type { TokenUsage, UsageAdapter } from './instrument/token-usage.js';
export {
  aiErrorTypes,
  classifyError,
  defaultErrorClassifiers,
  malformedResponseClassifier,
  providerErrorClassifier,
  rateLimitClassifier,
  statusOf,
  timeoutClassifier,
  tokenLimitClassifier,
  validationClassifier,
} from './instrument/classify-error.js';
export type { AiErrorType, ErrorClassifier } from './instrument/classify-error.js';
export {
  BilledResponseError,
  GenerationTimeoutError,
  MalformedResponseError,
  OutputValidationError,
  ProviderHttpError,
  providerErrorFromResponse,
} from './instrument/errors.js';
export { retryAfterMs } from './instrument/retry-after.js';
export type { AiErrorOptions } from './instrument/errors.js';
export { computeCost } from './cost/compute-cost.js';
export type { CostResult } from './cost/compute-cost.js';
export { priceAt, utcDay } from './cost/price-at.js';
export type { ModelPrices, PricePoint, PriceTable } from './cost/price-table.js';
export {
  addDecimal,
  decimalFromInteger,
  divideDecimal,
  formatDecimal,
  multiplyDecimal,
  parseDecimal,
  sumDecimalStrings,
} from './cost/decimal.js';
export type { Decimal } from './cost/decimal.js';

// Server-confirmed checkout from a Stripe webhook (checkout/)
export { recordCheckoutCompleted } from './checkout/record-checkout-completed.js';
export type {
  CheckoutCompletedParams,
  CheckoutEventIds,
  CheckoutEventSender,
  CheckoutPurchaseItem,
  CheckoutPurchaseParams,
  CheckoutResult,
  CheckoutRecordingOptions,
  RecordCheckoutOptions,
  RecordCheckoutRawOptions,
  RecordCheckoutVerifiedOptions,
  StripeWebhooks,
  VerifiedStripeEvent,
} from './checkout/checkout-types.js';
export { checkoutMetadataKeys, checkoutSessionMetadata } from './checkout/checkout-metadata.js';
export type { CheckoutAnalytics } from './checkout/checkout-metadata.js';
export { createMemoryProcessedEvents } from './checkout/processed-events.js';
export type { MemoryProcessedEventsOptions, ProcessedEvents } from './checkout/processed-events.js';
export { fromMinorUnits } from './checkout/minor-units.js';

// GA ids from the request's cookies (ids/)
export { readAnalyticsIds } from './ids/read-analytics-ids.js';
export type { AnalyticsIds, CookieSource, ReadAnalyticsIdsOptions } from './ids/read-analytics-ids.js';

// Metrics and spans (telemetry/; the OpenTelemetry bridge is the `@taxon/edge/otel` entry)
export type { MetricId, MetricLabels, MetricsSink } from '@taxon/core/telemetry';
export type { MetricsOption } from './telemetry/guard-metrics.js';
export { withRouteMetrics } from './telemetry/with-route-metrics.js';
export type { RouteMetricsOptions } from './telemetry/with-route-metrics.js';
export type { GenerationProgress, GenerationTelemetryHooks } from './telemetry/telemetry-options.js';
export type {
  GenerationSpan,
  GenerationSpanEnd,
  GenerationSpanStart,
  GenerationTracing,
  TraceHeaders,
} from './telemetry/generation-tracing.js';

// Fair-use limits over HTTP (limits/): the 429 answer and the notice events
export { rateLimitFields, usageLimitResponse } from './limits/usage-limit-response.js';
export type { UsageLimitResponseBody } from './limits/usage-limit-response.js';
export { sendUsageLimitNotice, USAGE_LIMIT_EVENTS } from './limits/send-usage-limit-notice.js';
export type { UsageLimitEventParams, UsageLimitEventSender } from './limits/send-usage-limit-notice.js';
