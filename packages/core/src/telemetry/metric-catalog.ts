// Every metric Taxon records, in one table: the OpenTelemetry instrument name, the Prometheus /
// InfluxDB name, kind, unit, buckets and label set. Emitters (@taxon/edge), exporters
// (@taxon/monitor: Prometheus exposition, Influx line protocol) and the alert-rule linter
// (@taxon/taxonomy: `taxonomy/alerts.yaml`) all read this table, so a name exists once.
//
// Naming: the GenAI instruments keep the OpenTelemetry conventions' names (./semconv.ts); their
// Prometheus names are what an OpenTelemetry-to-Prometheus exporter derives (dots to underscores,
// unit `s` -> `_seconds`, `{token}` annotations dropped). Taxon's own metrics follow Prometheus
// practice: `taxon_` prefix, base units (seconds, USD), `_total` on counters.
//
// Labels: only values from a closed set, never an id, a prompt or free text. A label's values come
// from a taxonomy enum (checked against the taxonomy at run time), from a fixed list below, or from
// constants the app declares in code (route names); anything else is recorded as `_OTHER`, and a
// per-metric series cap bounds what remains.

import { emptyDropCounts, type DropReason } from '../drop.js';
import {
  GEN_AI_ATTRIBUTES,
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_METRICS,
  GEN_AI_OPERATION_NAMES,
  GEN_AI_PROVIDER_NAMES,
  GEN_AI_TOKEN_BUCKETS,
  GEN_AI_TOKEN_TYPES,
} from './semconv.js';

/** Where a label's values come from. */
export type LabelSource =
  /** The values of a taxonomy enum param (e.g. `feature`, `model`, `plan_type`, `error_type`). */
  | { readonly kind: 'enum'; readonly param: string }
  /** A list fixed by Taxon (outcomes, drop reasons, token types, the conventions' well-known values). */
  | { readonly kind: 'fixed'; readonly values: readonly string[] }
  /** Constants the app declares in code, e.g. the route names it wraps; capped per metric. */
  | { readonly kind: 'declared'; readonly what: string };

/** One label of a metric. */
export interface LabelDefinition {
  /** The OpenTelemetry attribute key. */
  readonly attribute: string;
  /** The Prometheus / InfluxDB tag key. */
  readonly key: string;
  readonly source: LabelSource;
}

/** The kind of instrument. `gauge` is a value set from time to time (e.g. a queue size). */
export type MetricKind = 'counter' | 'histogram' | 'gauge';

/** One metric. */
export interface MetricDefinition {
  /** The OpenTelemetry instrument name. */
  readonly otelName: string;
  /** The Prometheus metric name (histograms get `_bucket`, `_sum`, `_count`) and InfluxDB measurement. */
  readonly promName: string;
  readonly kind: MetricKind;
  /** UCUM unit, as OpenTelemetry records it. */
  readonly unit: string;
  readonly description: string;
  readonly labels: readonly LabelDefinition[];
  /** Explicit bucket boundaries, histograms only. */
  readonly buckets?: readonly number[];
}

const OUTCOMES = ['success', 'error'] as const;
/** Outcomes of one Measurement Protocol event: delivered, delivered after a retry, or dropped. */
export const MP_OUTCOMES = ['sent', 'retried', 'dropped'] as const;
/** Outcomes of one payment-provider webhook delivery. */
export const WEBHOOK_OUTCOMES = ['processed', 'duplicate', 'ignored', 'invalid_signature', 'failed'] as const;
/** Background tasks whose failures are counted. */
export const BACKGROUND_TASKS = ['usage_sink', 'measurement_protocol', 'credit_ledger', 'webhook'] as const;
/** Token kinds of Taxon's own token counter: the conventions' two plus the cache subsets of input. */
export const TAXON_TOKEN_TYPES = ['input', 'output', 'cache_read', 'cache_creation'] as const;
/** HTTP status classes of the route latency histogram. */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
/** Payment-provider event types Taxon handles (Stripe names); others are `_OTHER`. */
export const WEBHOOK_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'charge.refunded',
] as const;
/** Why an event was dropped: every `DropReason` (../drop.ts), the MP client's drops among them. */
export const DROP_REASONS = Object.keys(emptyDropCounts()) as readonly DropReason[];

const label = <K extends string>(attribute: string, key: K, source: LabelSource) => ({ attribute, key, source }) as const;
const enumLabel = <K extends string>(param: string, key: K) =>
  ({ attribute: `taxon.${key}`, key, source: { kind: 'enum', param } }) as const;
const fixed = (values: readonly string[]): LabelSource => ({ kind: 'fixed', values });

const genAiLabels = [
  label(GEN_AI_ATTRIBUTES.operationName, 'gen_ai_operation_name', fixed(GEN_AI_OPERATION_NAMES)),
  label(GEN_AI_ATTRIBUTES.providerName, 'gen_ai_provider_name', fixed(GEN_AI_PROVIDER_NAMES)),
  label(GEN_AI_ATTRIBUTES.requestModel, 'gen_ai_request_model', { kind: 'enum', param: 'model' }),
  label(GEN_AI_ATTRIBUTES.responseModel, 'gen_ai_response_model', { kind: 'enum', param: 'model' }),
  enumLabel('feature', 'feature'),
] as const;

/** The metrics, by id. Ids are what code and `taxonomy/alerts.yaml` refer to. */
export const METRICS = {
  genAiTokenUsage: {
    otelName: GEN_AI_METRICS.tokenUsage,
    promName: 'gen_ai_client_token_usage',
    kind: 'histogram',
    unit: '{token}',
    description: 'Tokens used per AI call, by token type (OpenTelemetry GenAI conventions).',
    labels: [...genAiLabels, label(GEN_AI_ATTRIBUTES.tokenType, 'gen_ai_token_type', fixed(GEN_AI_TOKEN_TYPES))],
    buckets: GEN_AI_TOKEN_BUCKETS,
  },
  genAiOperationDuration: {
    otelName: GEN_AI_METRICS.operationDuration,
    promName: 'gen_ai_client_operation_duration_seconds',
    kind: 'histogram',
    unit: 's',
    description: 'Duration of each AI call, success or error (OpenTelemetry GenAI conventions).',
    labels: [...genAiLabels, label(GEN_AI_ATTRIBUTES.errorType, 'error_type', { kind: 'enum', param: 'error_type' })],
    buckets: GEN_AI_DURATION_BUCKETS,
  },
  genAiTimeToFirstChunk: {
    otelName: GEN_AI_METRICS.timeToFirstChunk,
    promName: 'gen_ai_client_operation_time_to_first_chunk_seconds',
    kind: 'histogram',
    unit: 's',
    description: 'Time from the request to the first chunk of a streamed response (OpenTelemetry GenAI conventions).',
    labels: genAiLabels,
    buckets: GEN_AI_DURATION_BUCKETS,
  },
  generations: {
    otelName: 'taxon.ai.generations',
    promName: 'taxon_ai_generations_total',
    kind: 'counter',
    unit: '{generation}',
    description: 'AI calls by feature, model, plan and outcome (success or error).',
    labels: [enumLabel('feature', 'feature'), enumLabel('model', 'model'), enumLabel('plan_type', 'plan'), label('taxon.outcome', 'outcome', fixed(OUTCOMES))],
  },
  aiErrors: {
    otelName: 'taxon.ai.errors',
    promName: 'taxon_ai_errors_total',
    kind: 'counter',
    unit: '{error}',
    description: 'Failed AI calls by feature, model and error category.',
    labels: [enumLabel('feature', 'feature'), enumLabel('model', 'model'), enumLabel('error_type', 'error_type')],
  },
  aiTokens: {
    otelName: 'taxon.ai.tokens',
    promName: 'taxon_ai_tokens_total',
    kind: 'counter',
    unit: '{token}',
    description: 'Tokens by feature, model, plan and type (input, output, and the cache subsets of input).',
    labels: [enumLabel('feature', 'feature'), enumLabel('model', 'model'), enumLabel('plan_type', 'plan'), label('taxon.token_type', 'token_type', fixed(TAXON_TOKEN_TYPES))],
  },
  aiCost: {
    otelName: 'taxon.ai.cost',
    promName: 'taxon_ai_cost_usd_total',
    kind: 'counter',
    unit: 'USD',
    description: "AI cost in USD from the usage log's exact cost (unpriced calls add nothing; see taxon_ai_unpriced_total).",
    labels: [enumLabel('feature', 'feature'), enumLabel('model', 'model'), enumLabel('plan_type', 'plan')],
  },
  aiUnpriced: {
    otelName: 'taxon.ai.unpriced',
    promName: 'taxon_ai_unpriced_total',
    kind: 'counter',
    unit: '{generation}',
    description: 'AI calls recorded without a cost because their model had no price at the call date.',
    labels: [enumLabel('model', 'model')],
  },
  httpRouteDuration: {
    otelName: 'taxon.http.route.duration',
    promName: 'taxon_http_route_duration_seconds',
    kind: 'histogram',
    unit: 's',
    // Not OpenTelemetry's http.server.request.duration: that stable metric requires attributes
    // (url.scheme, http.response.status_code) Taxon does not record, and an app running OTel HTTP
    // instrumentation would then export one name with two attribute sets.
    description: 'API route latency (routes wrapped by Taxon), separate from AI latency.',
    labels: [
      label('http.route', 'http_route', { kind: 'declared', what: 'route names passed to the route wrapper' }),
      label('http.request.method', 'http_request_method', fixed(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', '_OTHER'])),
      label('taxon.status_class', 'status_class', fixed(STATUS_CLASSES)),
    ],
    // OpenTelemetry's recommended boundaries for HTTP server durations.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  },
  mpEvents: {
    otelName: 'taxon.mp.events',
    promName: 'taxon_mp_events_total',
    kind: 'counter',
    unit: '{event}',
    description: 'Measurement Protocol events by delivery outcome.',
    labels: [label('taxon.outcome', 'outcome', fixed(MP_OUTCOMES))],
  },
  mpDrops: {
    otelName: 'taxon.mp.drops',
    promName: 'taxon_mp_drops_total',
    kind: 'counter',
    unit: '{event}',
    description: 'Measurement Protocol events dropped, by reason.',
    labels: [label('taxon.reason', 'reason', fixed(DROP_REASONS))],
  },
  mpQueueSize: {
    otelName: 'taxon.mp.queue.size',
    promName: 'taxon_mp_queue_size',
    kind: 'gauge',
    unit: '{event}',
    description: 'Measurement Protocol events waiting to be sent.',
    labels: [],
  },
  webhookEvents: {
    otelName: 'taxon.webhook.events',
    promName: 'taxon_webhook_events_total',
    kind: 'counter',
    unit: '{event}',
    description: 'Payment webhook deliveries by provider event type and outcome.',
    labels: [
      label('taxon.event_type', 'event_type', fixed(WEBHOOK_EVENT_TYPES)),
      label('taxon.outcome', 'outcome', fixed(WEBHOOK_OUTCOMES)),
    ],
  },
  backgroundFailures: {
    otelName: 'taxon.background.failures',
    promName: 'taxon_background_failures_total',
    kind: 'counter',
    unit: '{failure}',
    description: 'Background work that failed (usage-log insert, MP delivery, ledger write, webhook processing).',
    labels: [label('taxon.task', 'task', fixed(BACKGROUND_TASKS))],
  },
} as const satisfies Record<string, MetricDefinition>;

/** The id of a metric in {@link METRICS}. */
export type MetricId = keyof typeof METRICS;

/** Label keys (Prometheus names) of a metric. */
export type MetricLabelKey<Id extends MetricId> = (typeof METRICS)[Id]['labels'][number]['key'];

/** A metric's label values, by Prometheus key. A label left out stays absent (e.g. `error_type` on a success). */
export type MetricLabels<Id extends MetricId> = { readonly [K in MetricLabelKey<Id>]?: string };
