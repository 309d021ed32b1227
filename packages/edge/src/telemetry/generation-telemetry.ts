// Metrics and the span of each instrumented AI call. Called by create-instrumentation.ts at three
// points: before the call (start the span), during a stream (first chunk), after the usage record
// is built (everything else). All synchronous: no await is added to the caller's path.

import { isIdentifier } from '@taxon/core';
import { GEN_AI_OPERATION_NAMES, type MetricLabels, type MetricsSink } from '@taxon/core/telemetry';
import type { PriceTable } from '../cost/price-table.js';
import type { BuiltRecord, CallOutcome } from '../instrument/build-usage-record.js';
import { aiErrorTypes, classifyError, type ErrorClassifier } from '../instrument/classify-error.js';
import type { GenerationContext } from '../instrument/generation-context.js';
import type { GenerationSpan, GenerationTracing, TraceHeaders } from './generation-tracing.js';
import { guardMetrics, type MetricsOption } from './guard-metrics.js';
import { labelValue } from './label-value.js';

/** The options of `createInstrumentation` this module reads. */
export interface GenerationTelemetryOptions {
  prices: PriceTable;
  metrics?: MetricsOption;
  tracing?: GenerationTracing;
  enums?: Readonly<Record<string, readonly string[]>>;
  /** Classifies a failed call that has no usage record (its context could not be recorded). */
  classifiers: readonly ErrorClassifier[];
}

/** How the call ended, as far as telemetry cares. */
export interface CallEnd {
  outcome: CallOutcome;
  /** The usage record, when the context allowed building one. */
  built?: BuiltRecord;
}

/** One call's telemetry, from {@link GenerationTelemetry.start}. */
export interface CallTelemetry {
  /** Runs the provider call inside the span. */
  run<T>(fn: () => T): T;
  /** Marks the first chunk of a streamed response (only the first call counts). */
  firstChunk(): void;
  /** Records the metrics and ends the span. Never throws. */
  end(end: CallEnd): void;
}

/** The telemetry of one instrumentation; `undefined` from the factory when neither metrics nor tracing is set. */
export interface GenerationTelemetry {
  start(context: GenerationContext, headers: TraceHeaders | undefined): CallTelemetry;
  /** Counts a failed background task (`taxon_background_failures_total{task}`). */
  failed(task: 'usage_sink' | 'measurement_protocol'): void;
}

const OPERATIONS: ReadonlySet<string> = new Set(GEN_AI_OPERATION_NAMES);
// A provider's model name (`gpt-4.1-2025-04-14`, `models/gemini-2.0-flash`): no `@`, no spaces,
// so an email or free text in a response's `model` field is left out.
const RESPONSE_MODEL = /^[A-Za-z0-9][\w.:/-]{0,127}$/;

/** An id that may go on a span: a string core's `isIdentifier` accepts (never an email or a name). */
const opaqueId = (value: unknown): value is string => typeof value === 'string' && isIdentifier(value);

const setOf = (values: readonly string[] | undefined) => (values === undefined ? undefined : new Set(values));

/** `model` of an OpenAI/Anthropic response (or of the response a failed call's error carries). */
function responseModelOf(outcome: CallOutcome): string | undefined {
  const source = outcome.ok ? outcome.result : (outcome.error as { response?: unknown } | null)?.response;
  const model = (source as { model?: unknown } | null | undefined)?.model;
  return typeof model === 'string' && RESPONSE_MODEL.test(model) ? model : undefined;
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // Telemetry never fails the call it describes.
  }
}

/**
 * Builds the per-call telemetry of one instrumentation, or `undefined` when it has neither a
 * metrics sink nor tracing (then the instrumentation does no telemetry work at all).
 */
export function createGenerationTelemetry(options: GenerationTelemetryOptions): GenerationTelemetry | undefined {
  const sink = guardMetrics(options.metrics);
  const { tracing, prices } = options;
  if (!sink && !tracing) return undefined;
  const enums = options.enums ?? {};
  const features = setOf(enums['feature']);
  const plans = setOf(enums['plan_type']);
  const models = setOf(enums['model']) ?? new Set(Object.keys(prices.models));
  const errorTypes = setOf(enums['error_type']) ?? new Set<string>(aiErrorTypes);
  const providers = new Set(Object.values(prices.models).map((model) => model.provider));
  const usd = prices.currency === 'USD';

  function start(context: GenerationContext, headers: TraceHeaders | undefined): CallTelemetry {
    const started = performance.now();
    let firstChunkAt: number | undefined;
    const operation = labelValue(OPERATIONS, context?.operationName ?? 'chat');
    const provider = labelValue(providers, prices.models[context?.model]?.provider);
    let span: GenerationSpan | undefined;
    if (tracing) {
      safely(() => {
        span = tracing.startGenerationSpan({
          operationName: operation,
          providerName: provider,
          // The same closed sets as the metric labels: a span name or attribute is exported as
          // text, so an app passing an email or a prompt fragment here must not ship it.
          requestModel: labelValue(models, context?.model),
          feature: labelValue(features, context?.feature),
          ...(opaqueId(context?.correlationId) && { correlationId: context.correlationId }),
          ...(opaqueId(context?.requestId) && { requestId: context.requestId }),
          ...(headers !== undefined && { headers }),
        });
      });
    }

    function record(metrics: MetricsSink, built: BuiltRecord | undefined, errorType: string | null, responseModel: string | undefined): void {
      const seconds = (performance.now() - started) / 1000;
      const model = labelValue(models, context?.model);
      const feature = labelValue(features, context?.feature);
      const plan = labelValue(plans, context?.planType);
      const genAi = {
        gen_ai_operation_name: operation,
        gen_ai_provider_name: provider,
        gen_ai_request_model: model,
        ...(responseModel !== undefined && { gen_ai_response_model: labelValue(models, responseModel) }),
        feature,
      };
      const duration: MetricLabels<'genAiOperationDuration'> =
        errorType === null ? genAi : { ...genAi, error_type: labelValue(errorTypes, errorType) };
      metrics.observe('genAiOperationDuration', seconds, duration);
      if (firstChunkAt !== undefined) metrics.observe('genAiTimeToFirstChunk', (firstChunkAt - started) / 1000, genAi);
      metrics.add('generations', 1, { feature, model, plan, outcome: errorType === null ? 'success' : 'error' });
      if (errorType !== null) metrics.add('aiErrors', 1, { feature, model, error_type: labelValue(errorTypes, errorType) });
      if (!built) return;
      const { record: row, cost, usageMissing } = built;
      if (!usageMissing && (row.success || row.inputTokens + row.outputTokens > 0)) {
        metrics.observe('genAiTokenUsage', row.inputTokens, { ...genAi, gen_ai_token_type: 'input' });
        metrics.observe('genAiTokenUsage', row.outputTokens, { ...genAi, gen_ai_token_type: 'output' });
      }
      const tokens = { feature, model, plan };
      if (row.inputTokens > 0) metrics.add('aiTokens', row.inputTokens, { ...tokens, token_type: 'input' });
      if (row.outputTokens > 0) metrics.add('aiTokens', row.outputTokens, { ...tokens, token_type: 'output' });
      if (row.cachedInputTokens > 0) metrics.add('aiTokens', row.cachedInputTokens, { ...tokens, token_type: 'cache_read' });
      if (row.cacheWriteInputTokens > 0) {
        metrics.add('aiTokens', row.cacheWriteInputTokens, { ...tokens, token_type: 'cache_creation' });
      }
      // The exact decimal becomes a float only here, at the metric boundary.
      if (cost.ok && usd) metrics.add('aiCost', Number(cost.cost), tokens);
      if (!cost.ok) metrics.add('aiUnpriced', 1, { model });
    }

    return {
      run(fn) {
        if (!span) return fn();
        // A tracer that throws around the call must not become the call's error: run the call
        // without the span unless the tracer already ran it (then its own outcome stands).
        let called = false;
        const once = () => {
          called = true;
          return fn();
        };
        try {
          return span.run(once);
        } catch (error) {
          if (called) throw error;
          return fn();
        }
      },
      firstChunk() {
        if (firstChunkAt === undefined) firstChunkAt = performance.now();
      },
      end(end) {
        safely(() => {
          const { built, outcome } = end;
          const responseModel = responseModelOf(outcome);
          const errorType = built
            ? built.errorType
            : outcome.ok
              ? null
              : (outcome.errorType ?? classifyError(outcome.error, options.classifiers));
          if (sink) record(sink, built, errorType, responseModel);
          if (!span) return;
          const row = built?.record;
          span.end({
            ...(responseModel !== undefined && { responseModel }),
            ...(row && !built.usageMissing && {
              usage: {
                input: row.inputTokens,
                output: row.outputTokens,
                cacheRead: row.cachedInputTokens,
                cacheCreation: row.cacheWriteInputTokens,
              },
            }),
            ...(errorType !== null && { errorType }),
            ...(built?.cost.ok && usd && { costUsd: built.cost.cost }),
          });
        });
      },
    };
  }

  return {
    start(context, headers) {
      try {
        return start(context, headers);
      } catch {
        return { run: (fn) => fn(), firstChunk: () => undefined, end: () => undefined };
      }
    },
    failed(task) {
      sink?.add('backgroundFailures', 1, { task });
    },
  };
}
