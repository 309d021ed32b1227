// Reserve → commit/release around one AI call: the credit option of `createInstrumentation`.
// The hold is taken before the provider is called (a refusal throws to the app, and the provider
// is never called); it is settled after the call from the exact usage-log figures, by the
// partial-failure policy of @taxon/core.
import {
  ceilDecimal,
  compareDecimals,
  settlementFor,
  type CreditErrorType,
  type CreditGate,
  type CreditHold,
  type CreditSettlement,
} from '@taxon/core';
import type { BuiltRecord, CallOutcome } from './build-usage-record.js';
import { classifyError, type AiErrorType, type ErrorClassifier } from './classify-error.js';
import type { GenerationContext } from './generation-context.js';

// The core's list of categories and this package's are one list (checked by a test too).
const sameCategories: Record<AiErrorType, CreditErrorType> & Record<CreditErrorType, AiErrorType> = {
  ai_timeout: 'ai_timeout',
  ai_rate_limit: 'ai_rate_limit',
  ai_provider_error: 'ai_provider_error',
  ai_validation_error: 'ai_validation_error',
  ai_token_limit_exceeded: 'ai_token_limit_exceeded',
  ai_malformed_response: 'ai_malformed_response',
};

/** The ledger's largest fraction scale: finer costs are rounded up to it. */
const CHARGE_SCALE = 12;

/** What one unit of credit measures; decides what a settled call is charged. */
export type CreditUnit = 'usd' | 'tokens' | 'generations';

/**
 * The `credits` option of `createInstrumentation`: every instrumented call reserves credit first
 * and settles it after.
 *
 * - `usd`: charged the usage log's exact `estimatedCost` (price-table currency), rounded up to 12
 *   decimals; a call whose cost is unknown (unpriced model, unreadable usage) is charged its hold.
 * - `tokens`: charged its `totalTokens`.
 * - `generations`: charged `'1'`.
 *
 * A charge above the hold is capped at the hold (the ledger cannot charge more than it reserved)
 * and reported as a `credit_failed` issue: reserve more.
 */
export interface CreditOptions {
  /** The ledger: `await openCreditLedger()` of `@taxon/store`, or any {@link CreditGate}. */
  gate: CreditGate;
  /** The account charged for a call (`ctx => ctx.userId`, an organisation id); `undefined` skips credits for it. */
  accountId: (context: GenerationContext) => string | undefined;
  /** The most one call may cost, in `unit`: a decimal string, or one per call. */
  reserve: string | ((context: GenerationContext) => string);
  unit: CreditUnit;
  /** The hold's TTL (longer than the slowest call). @default the gate's own (15 min for the ledger) */
  ttlMs?: number;
  /** Settlements replacing the default policy's for some error categories (`{ ai_timeout: 'commit' }`). */
  policy?: Partial<Record<CreditErrorType, CreditSettlement>>;
}

/**
 * Thrown by `instrumentGeneration` when the hold could not be taken, before the provider is
 * called: `code` is the gate's (`'insufficient_credits'`, `'unknown_account'`, ...) or
 * `'credits_unavailable'` when the gate failed without one (a database outage: no credit check,
 * no call).
 */
export class CreditRefusedError extends Error {
  override readonly name = 'CreditRefusedError';
  /** Why: the gate's error code, or `'credits_unavailable'`. */
  readonly code: string;
  /** The account that was asked. */
  readonly accountId: string;
  /** What was to be reserved. */
  readonly amount: string;
  constructor(accountId: string, amount: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const known = typeof code === 'string' && code !== '';
    super(
      known
        ? `No credit for this AI call: reserving ${amount} for account '${accountId}' was refused (${code}). The provider was not called.`
        : `No credit for this AI call: the credit gate failed while reserving ${amount} for account '${accountId}'. The provider was not called.`,
      { cause },
    );
    this.code = known ? code : 'credits_unavailable';
    this.accountId = accountId;
    this.amount = amount;
  }
}

/** What {@link createCreditHold} needs from the instrumentation. */
export interface CreditHoldDeps {
  classifiers: readonly ErrorClassifier[];
  /** Reports a settlement that failed or was capped; never throws. */
  report: (requestId: string, message: string, error?: unknown) => void;
}

/** A call's open hold. */
export interface OpenHold {
  hold: CreditHold;
  context: GenerationContext;
}

/** The reserve and settle steps of {@link CreditOptions}. */
export interface CreditHoldSteps {
  /** Takes the call's hold, or throws {@link CreditRefusedError}; `undefined` when the call is not metered. */
  reserve(context: GenerationContext): Promise<OpenHold | undefined>;
  /** Commits or releases the hold; never rejects (failures are reported, and the TTL returns the hold). */
  settle(open: OpenHold, outcome: CallOutcome, built: BuiltRecord | undefined): Promise<void>;
}

function chargeOf(unit: CreditUnit, built: BuiltRecord | undefined, held: string): string {
  if (built === undefined) return held;
  if (unit === 'generations') return '1';
  if (unit === 'tokens') return String(built.record.totalTokens);
  const cost = built.record.estimatedCost;
  return cost === null ? held : ceilDecimal(cost, CHARGE_SCALE);
}

/** Builds the reserve/settle steps of one instrumentation's `credits` option. */
export function createCreditHold(options: CreditOptions, deps: CreditHoldDeps): CreditHoldSteps {
  const { gate, unit } = options;
  return {
    async reserve(context) {
      const accountId = options.accountId(context);
      if (accountId === undefined) return undefined;
      const amount = typeof options.reserve === 'function' ? options.reserve(context) : options.reserve;
      try {
        const hold = await gate.reserve({
          accountId,
          amount,
          // The request id already names the call for the usage log: a retry of it reuses the hold.
          idempotencyKey: `generation:${context.requestId}`,
          ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
        });
        return { hold, context };
      } catch (error) {
        throw new CreditRefusedError(accountId, amount, error);
      }
    },

    async settle({ hold, context }, outcome, built) {
      const { requestId } = context;
      try {
        const errorType: AiErrorType | null = built
          ? built.errorType
          : outcome.ok
            ? null
            : (outcome.errorType ?? classifyError(outcome.error, deps.classifiers));
        const settlement = settlementFor(errorType === null ? null : sameCategories[errorType], options.policy);
        if (settlement === 'release') {
          await gate.release(hold, errorType ?? 'released');
          return;
        }
        let charge = chargeOf(unit, built, hold.amount);
        if (compareDecimals(charge, hold.amount) > 0) {
          deps.report(
            requestId,
            `Request '${requestId}' used ${charge} ${unit} but reserved ${hold.amount}: charged the hold only. ` +
              'Reserve the most a call may cost.',
          );
          charge = hold.amount;
        }
        await gate.commit(hold, charge);
      } catch (error) {
        deps.report(requestId, `Settling the credit hold of request '${requestId}' failed; its TTL will return it.`, error);
      }
    },
  };
}
