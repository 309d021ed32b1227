import { computeCost } from '../cost/compute-cost.js';
import { isIdentifier } from '@taxon/core';
import type { PriceTable } from '../cost/price-table.js';
import type { GenerationContext } from './generation-context.js';

/** What is wrong with a context; `fatal` when the call cannot be recorded at all. */
export interface ContextProblem {
  message: string;
  fatal: boolean;
  /** `pii_blocked` when the user id looks like personal data; `invalid_context` for other fatal problems. */
  kind?: 'pii_blocked';
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
  if (!isIdentifier(context.userId)) {
    // The usage log is insert-only: an email there stays forever. Same policy as the MP client's
    // user_id: loud in development, refused and counted in production. The value is never echoed.
    return {
      fatal: true,
      kind: 'pii_blocked',
      message:
        'instrumentGeneration: context.userId looks like personal data (an email, phone number, name ' +
        "or secret). Pass your internal user id (letters, digits and ._:-, e.g. 'u_123' or a UUID): " +
        'the usage log keeps it forever.',
    };
  }
  const priced = computeCost(prices, context.model, NO_TOKENS, at);
  return priced.ok ? undefined : { fatal: false, message: `instrumentGeneration: ${priced.message}` };
}
