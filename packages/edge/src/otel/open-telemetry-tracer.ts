import {
  context as otelContext,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { GEN_AI_ATTRIBUTES, genAiSpanName } from '@taxon/core/telemetry';
import type {
  GenerationSpan,
  GenerationSpanEnd,
  GenerationSpanStart,
  GenerationTracing,
  TraceHeaders,
} from '../telemetry/generation-tracing.js';

/** Taxon's own span attributes. Never a prompt, an output or a user id. */
export const TAXON_SPAN_ATTRIBUTES = {
  /** The browser lifecycle's correlation id (GA4 `correlation_id`, Sentry tag `correlation_id`). */
  correlationId: 'taxon.correlation_id',
  /** The usage-log row's key (`ai_usage_logs.request_id`). */
  requestId: 'taxon.request_id',
  feature: 'taxon.feature',
  /** The exact decimal cost in USD, as a string (a float would round it). */
  costUsd: 'taxon.cost_usd',
} as const;

const TRACER_NAME = '@taxon/edge';

const headerGetter: TextMapGetter<TraceHeaders> = {
  get(carrier, key) {
    if (typeof carrier.get === 'function') return (carrier as { get(name: string): string | null }).get(key) ?? undefined;
    const value = (carrier as Readonly<Record<string, string | undefined>>)[key];
    return typeof value === 'string' ? value : undefined;
  },
  keys(carrier) {
    if (typeof carrier.get === 'function') {
      const keys = (carrier as { keys?: () => Iterable<string> }).keys;
      return keys ? [...keys.call(carrier)] : [];
    }
    return Object.keys(carrier);
  },
};

/** The active context, or the one a `traceparent` in `headers` names when no span is active. */
function parentOf(headers: TraceHeaders | undefined): Context {
  const active = otelContext.active();
  if (headers === undefined || trace.getSpan(active) !== undefined) return active;
  return propagation.extract(active, headers, headerGetter);
}

function endAttributes(outcome: GenerationSpanEnd): Attributes {
  const attributes: Attributes = {};
  if (outcome.responseModel !== undefined) attributes[GEN_AI_ATTRIBUTES.responseModel] = outcome.responseModel;
  if (outcome.usage) {
    attributes[GEN_AI_ATTRIBUTES.usageInputTokens] = outcome.usage.input;
    attributes[GEN_AI_ATTRIBUTES.usageOutputTokens] = outcome.usage.output;
    attributes[GEN_AI_ATTRIBUTES.usageCacheReadInputTokens] = outcome.usage.cacheRead;
    attributes[GEN_AI_ATTRIBUTES.usageCacheCreationInputTokens] = outcome.usage.cacheCreation;
  }
  if (outcome.errorType !== undefined) attributes[GEN_AI_ATTRIBUTES.errorType] = outcome.errorType;
  if (outcome.costUsd !== undefined) attributes[TAXON_SPAN_ATTRIBUTES.costUsd] = outcome.costUsd;
  return attributes;
}

/**
 * Tracing for `createInstrumentation`: one span per AI call, named
 * `{gen_ai.operation.name} {gen_ai.request.model}`, kind CLIENT, with the GenAI conventions'
 * attributes (operation, provider, request and response model, token usage with the cache
 * subsets, `error.type` and status ERROR on failure) plus `taxon.correlation_id`,
 * `taxon.request_id`, `taxon.feature` and `taxon.cost_usd`. Never a prompt, an output or a user
 * id. The span is active during the provider call, so the app's fetch instrumentation nests under
 * it. Without an active span, a W3C `traceparent` in the call's `headers` becomes the parent
 * through the registered propagator (`propagation.extract`).
 *
 * @param tracer @default `trace.getTracer('@taxon/edge')` of the global provider
 * @example
 * import { openTelemetryTracer } from '@taxon/edge/otel';
 * createInstrumentation({ prices: priceTable, tracing: openTelemetryTracer() });
 */
export function openTelemetryTracer(tracer: Tracer = trace.getTracer(TRACER_NAME)): GenerationTracing {
  return {
    startGenerationSpan(start: GenerationSpanStart): GenerationSpan {
      const parent = parentOf(start.headers);
      const attributes: Attributes = {
        [GEN_AI_ATTRIBUTES.operationName]: start.operationName,
        [GEN_AI_ATTRIBUTES.providerName]: start.providerName,
        [GEN_AI_ATTRIBUTES.requestModel]: start.requestModel,
        [TAXON_SPAN_ATTRIBUTES.feature]: start.feature,
      };
      if (start.correlationId !== undefined) attributes[TAXON_SPAN_ATTRIBUTES.correlationId] = start.correlationId;
      if (start.requestId !== undefined) attributes[TAXON_SPAN_ATTRIBUTES.requestId] = start.requestId;
      const name = genAiSpanName(start.operationName, start.requestModel);
      const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
      const active = trace.setSpan(parent, span);
      return {
        run: (fn) => otelContext.with(active, fn),
        end(outcome) {
          span.setAttributes(endAttributes(outcome));
          if (outcome.errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorType });
          span.end();
        },
      };
    },
  };
}
