import type { UsageRecord } from '@taxon/core';
import { computeCost, type CostResult } from '../cost/compute-cost.js';
import type { PriceTable } from '../cost/price-table.js';
import { readTokenUsage } from './adapters.js';
import { classifyError, type AiErrorType, type ErrorClassifier } from './classify-error.js';
import type { GenerationContext } from './generation-context.js';
import type { TokenUsage, UsageAdapter } from './token-usage.js';

/** How the call ended: its own result or error, untouched. */
export type CallOutcome =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error: unknown;
      /** Set when the cause is known without classifying, e.g. the caller's signal aborted. */
      errorType?: AiErrorType;
    };

/** Everything {@link buildUsageRecord} needs besides the call. */
export interface RecordInputs {
  context: GenerationContext;
  outcome: CallOutcome;
  startedAt: Date;
  durationMs: number;
  prices: PriceTable;
  adapters: readonly UsageAdapter[];
  classifiers: readonly ErrorClassifier[];
  release: string | null;
  requireUsage: boolean;
  onAdapterError: (error: unknown) => void;
}

/** The usage-log row of one call and what went into it. */
export interface BuiltRecord {
  record: UsageRecord;
  errorType: AiErrorType | null;
  /** Set when the call succeeded but no adapter could read its token usage. */
  usageMissing: boolean;
  /** Whether token usage was read (from the result, or from the response a failed call carried). */
  usageRead: boolean;
  /** The pricing; when not `ok`, the record's `estimatedCost` is `null`. */
  cost: CostResult;
}

const NO_USAGE: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };

/**
 * Builds the exact usage record of one finished call. A failed call's tokens are read from the
 * `response` its error carries (a rejected output was still billed). A successful call without
 * readable usage is `ai_malformed_response` unless `requireUsage` is off: a response that lost its
 * usage is usually a stream cut before its final event, and its cost cannot be known. A model
 * without a price at the call's date gets `estimatedCost: null` (unknown), never `'0'`.
 */
export function buildUsageRecord(inputs: RecordInputs): BuiltRecord {
  const { context, outcome } = inputs;
  let usage: TokenUsage | undefined;
  let errorType: AiErrorType | null = null;
  let usageMissing = false;
  if (outcome.ok) {
    usage = readTokenUsage(outcome.result, inputs.adapters, inputs.onAdapterError);
    if (!usage) {
      usageMissing = true;
      if (inputs.requireUsage) errorType = 'ai_malformed_response';
    }
  } else {
    errorType = outcome.errorType ?? classifyError(outcome.error, inputs.classifiers);
    const response = (outcome.error as { response?: unknown } | null)?.response;
    if (response !== undefined) {
      usage = readTokenUsage(response, inputs.adapters, inputs.onAdapterError);
    }
  }
  const tokens = usage ?? NO_USAGE;
  const cost = computeCost(inputs.prices, context.model, tokens, inputs.startedAt);
  const record: UsageRecord = {
    requestId: context.requestId,
    userId: context.userId,
    featureName: context.feature,
    modelName: context.model,
    inputTokens: tokens.inputTokens,
    cachedInputTokens: tokens.cachedInputTokens,
    cacheWriteInputTokens: tokens.cacheWriteTokens,
    outputTokens: tokens.outputTokens,
    totalTokens: tokens.inputTokens + tokens.outputTokens,
    // Unknown, not free: a '0' here would silently undercount every cost query.
    estimatedCost: cost.ok ? cost.cost : null,
    requestDurationMs: inputs.durationMs,
    success: errorType === null,
    errorType,
    planType: context.planType ?? null,
    release: context.release ?? inputs.release,
    clientId: context.clientId ?? null,
    createdAt: inputs.startedAt,
  };
  return { record, errorType, usageMissing, usageRead: usage !== undefined, cost };
}
