import { emptyDropCounts, isDevelopment } from '@taxon/core';
import { defaultUsageAdapters } from './adapters.js';
import { buildUsageRecord, type BuiltRecord, type CallOutcome } from './build-usage-record.js';
import { checkContext } from './check-context.js';
import { defaultErrorClassifiers } from './classify-error.js';
import { createCreditHold } from './credit-hold.js';
import type { GenerationContext } from './generation-context.js';
import type {
  GenerationCallOptions,
  GenerationProgress,
  Instrumentation,
  InstrumentationIssue,
  InstrumentationOptions,
} from './instrumentation-types.js';
import type { PriceTable } from '../cost/price-table.js';
import { createBackgroundTasks } from './lib/background-tasks.js';
import { runWithTimeout } from './lib/run-with-timeout.js';
import { sendGenerationEvent } from './send-generation-event.js';
import { createGenerationTelemetry, type CallTelemetry } from '../telemetry/generation-telemetry.js';

const timedOut = Symbol('timed out');
const NO_PROGRESS: GenerationProgress = { firstChunk: () => undefined };

function warn(issue: InstrumentationIssue): void {
  console.warn(`[taxon] instrumentation ${issue.kind}: ${issue.message}`, issue.error ?? '');
}

/**
 * Creates the instrumentation of AI calls: duration, tokens, cost and error type of each call, exact
 * figures to the usage log, buckets to GA4. See {@link Instrumentation.instrumentGeneration}.
 *
 * @example
 * const { instrumentGeneration, flush } = createInstrumentation({ prices: priceTable, sink: usageLog, mp });
 * const completion = await instrumentGeneration(
 *   { feature: 'rewrite', model: 'gpt-4.1', userId, requestId, clientId, sessionId },
 *   (signal) => openai.chat.completions.create(body, { signal }),
 * );
 * ctx.waitUntil(flush());
 */
export function createInstrumentation<P extends PriceTable>(
  options: InstrumentationOptions & { prices: P },
): Instrumentation<keyof P['models'] & string> {
  const { prices, sink, mp } = options;
  const onError = options.onError ?? (isDevelopment() ? warn : undefined);
  const adapters = [...(options.adapters ?? []), ...defaultUsageAdapters];
  const classifiers = [...(options.classifiers ?? []), ...defaultErrorClassifiers];
  const sinkTimeoutMs = options.sinkTimeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const telemetry = createGenerationTelemetry({ ...options, classifiers });
  const tasks = createBackgroundTasks();
  const drops = emptyDropCounts();
  const counts = {
    calls: 0,
    recorded: 0,
    duplicates: 0,
    sinkFailures: 0,
    sinkTimeouts: 0,
    eventsSent: 0,
    costUnknown: 0,
    usageMissing: 0,
    piiBlocked: 0,
  };

  const report = (issue: InstrumentationIssue): void => {
    try {
      onError?.(issue);
    } catch {
      // The reporter's own failure must not reach the AI call.
    }
  };

  const credits =
    options.credits === undefined
      ? undefined
      : createCreditHold(options.credits, {
          classifiers,
          report: (requestId, message, error) => report({ kind: 'credit_failed', requestId, message, error }),
        });

  async function store(built: BuiltRecord): Promise<boolean | undefined | typeof timedOut> {
    if (!sink) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<typeof timedOut>((resolve) => {
      timer = setTimeout(() => resolve(timedOut), sinkTimeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => sink.insert(built.record)), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function record(context: GenerationContext, built: BuiltRecord): Promise<void> {
    const { requestId } = context;
    if (!built.cost.ok) {
      counts.costUnknown++;
      const message =
        `${built.cost.message} Recorded with an unknown cost (estimatedCost null): cost queries count it ` +
        'in unpricedCalls, and repriceCost prices it once the table has the model.';
      report({ kind: 'cost_unknown', requestId, message });
    }
    if (built.usageMissing) {
      counts.usageMissing++;
      report({
        kind: 'usage_missing',
        requestId,
        message: `No usage adapter could read the token usage of request '${requestId}'. Add an adapter.`,
      });
    }
    let stored: boolean | undefined | typeof timedOut;
    try {
      stored = await store(built);
    } catch (error) {
      counts.sinkFailures++;
      telemetry?.failed('usage_sink');
      const message = `The usage sink rejected request '${requestId}'.`;
      report({ kind: 'sink_failed', requestId, message, error });
    }
    if (stored === timedOut) {
      counts.sinkTimeouts++;
      telemetry?.failed('usage_sink');
      const message = `The usage sink did not answer within ${sinkTimeoutMs} ms for request '${requestId}'.`;
      report({ kind: 'sink_timeout', requestId, message });
    } else if (stored === true) {
      counts.recorded++;
    } else if (stored === false) {
      // A retry of a stored request: its GA event went out with the first one.
      counts.duplicates++;
      drops.duplicate++;
      return;
    }
    if (!mp) return;
    const sent = sendGenerationEvent(mp, context, built, now(), options.sendUserId ?? false);
    if (sent.ok) {
      counts.eventsSent++;
    } else {
      drops[sent.reason]++;
      if (sent.kind === 'mp_failed') telemetry?.failed('measurement_protocol');
      report({ kind: sent.kind, requestId, message: sent.message, error: sent.error });
    }
  }

  function schedule(task: Promise<void>, callOptions: GenerationCallOptions | undefined): void {
    const safe = task.catch((error: unknown) => {
      report({ kind: 'sink_failed', requestId: undefined, message: 'Recording failed unexpectedly.', error });
    });
    tasks.track(safe);
    for (const waitUntil of [options.waitUntil, callOptions?.waitUntil]) {
      try {
        waitUntil?.(safe);
      } catch {
        // A runtime that refuses waitUntil still has flush().
      }
    }
  }

  /** Builds and schedules the record, and returns it; nothing here may throw into the caller. */
  function recordInBackground(
    context: GenerationContext,
    outcome: CallOutcome,
    startedAt: Date,
    durationMs: number,
    callOptions: GenerationCallOptions | undefined,
    call: CallTelemetry | undefined,
  ): BuiltRecord | undefined {
    const requestId = typeof context?.requestId === 'string' ? context.requestId : undefined;
    try {
      const problem = checkContext(context, prices, startedAt);
      if (problem?.fatal) {
        const message = `${problem.message} The call was not recorded.`;
        if (problem.kind === 'pii_blocked') counts.piiBlocked++;
        call?.end({ outcome });
        report({ kind: problem.kind ?? 'invalid_context', requestId, message });
        return undefined;
      }
      const built = buildUsageRecord({
        context,
        outcome,
        startedAt,
        durationMs,
        prices,
        adapters,
        classifiers,
        release: options.release ?? null,
        requireUsage: options.requireUsage ?? true,
        onAdapterError: (error) =>
          report({ kind: 'adapter_failed', requestId, message: 'A usage adapter threw.', error }),
      });
      call?.end({ outcome, built });
      schedule(record(context, built), callOptions);
      return built;
    } catch (error) {
      call?.end({ outcome });
      report({ kind: 'invalid_context', requestId, message: 'Could not build the usage record.', error });
      return undefined;
    }
  }

  async function instrumentGeneration<T>(
    context: GenerationContext,
    call: (signal: AbortSignal, progress: GenerationProgress) => Promise<T>,
    callOptions?: GenerationCallOptions,
  ): Promise<T> {
    counts.calls++;
    const startedAt = now();
    if (isDevelopment()) {
      const problem = checkContext(context, prices, startedAt);
      if (problem) throw new TypeError(problem.message);
    }
    // Before the provider: a refused hold throws CreditRefusedError and the call never happens.
    const timeoutMs = callOptions?.timeoutMs ?? options.timeoutMs;
    const held = await credits?.reserve(context, timeoutMs);
    const traced = telemetry?.start(context, callOptions?.headers);
    const progress = traced ?? NO_PROGRESS;
    const started = performance.now();
    let outcome: CallOutcome;
    try {
      const run = () => runWithTimeout((signal) => call(signal, progress), { timeoutMs, signal: callOptions?.signal });
      const result = await (traced ? traced.run(run) : run());
      outcome = { ok: true, result };
    } catch (error) {
      // Whatever the caller aborted with (a custom reason included), it is an abort.
      const signal = callOptions?.signal;
      const aborted = signal?.aborted === true && error === signal.reason;
      outcome = aborted ? { ok: false, error, errorType: 'ai_timeout' } : { ok: false, error };
    }
    const durationMs = Math.max(0, Math.round(performance.now() - started));
    const built = recordInBackground(context, outcome, startedAt, durationMs, callOptions, traced);
    if (held) schedule(credits!.settle(held, outcome, built), callOptions);
    if (outcome.ok) return outcome.result as T;
    throw outcome.error;
  }

  return {
    instrumentGeneration,
    async flush() {
      await tasks.settled();
      try {
        await mp?.flush?.();
      } catch (error) {
        telemetry?.failed('measurement_protocol');
        report({ kind: 'mp_failed', requestId: undefined, message: 'The MP client failed to flush.', error });
      }
    },
    stats: () => ({ ...counts, pending: tasks.pending() }),
    dropCounts: () => ({ ...drops }),
  };
}
