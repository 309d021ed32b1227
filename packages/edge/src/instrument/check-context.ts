import { computeCost } from '../cost/compute-cost.js';
import type { PriceTable } from '../cost/price-table.js';
import type { GenerationContext } from './generation-context.js';

/** What is wrong with a context; `fatal` when the call cannot be recorded at all. */
export interface ContextProblem {
  message: string;
  fatal: boolean;
}

const REQUIRED = ['feature', 'model', 'userId', 'requestId'] as const;
const NO_TOKENS = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };

/**
 * Checks a generation's context before the call. Development throws the message (misuse is loud);
 * production records what it can: an unpriced model is stored with an unknown cost
 * (`estimatedCost: null`), a context without its ids is not stored at all.
 */
export function checkContext(
  context: GenerationContext,
  prices: PriceTable,
  at: Date,
): ContextProblem | undefined {
  const missing = REQUIRED.filter((key) => typeof context?.[key] !== 'string' || context[key] === '');
  if (missing.length > 0) {
    return {
      fatal: true,
      message:
        `instrumentGeneration: the context lacks ${missing.join(', ')}. Expected non-empty strings, ` +
        "e.g. { feature: 'rewrite', model: 'gpt-4.1', userId: 'u_123', requestId: crypto.randomUUID() }.",
    };
  }
  const priced = computeCost(prices, context.model, NO_TOKENS, at);
  return priced.ok ? undefined : { fatal: false, message: `instrumentGeneration: ${priced.message}` };
}
