// Reserve → commit/release around one AI call: the credit option of `createInstrumentation`.
// The hold is taken before the provider is called (a refusal throws to the app, and the provider
// is never called); it is settled after the call from the exact usage-log figures, by the
// partial-failure policy of @taxon/core.
import {
  ceilDecimal,
  isIdentifier,
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
 * - `tokens`: charged its `totalTokens`; a call whose usage could not be read is charged its hold.
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
  /**
   * How long the reserve may take before the call is refused with `credits_unavailable` (a hung
   * ledger must not hang the AI call); the call's own `timeoutMs` when shorter. A hold the gate
   * opens after the deadline is returned by its TTL, or reused by a retry of the request id.
   * @default 5_000
   */
  reserveTimeoutMs?: number;
}

/**
 * Why a hold was refused: the gate's own code (`'insufficient_credits'`, `'unknown_account'`,
 * `'invalid_input'`, ...) or one of the instrumentation's:
 *
 * - `credits_unavailable`: the gate failed without a code, or did not answer within `reserveTimeoutMs`.
 * - `already_settled`: the request id's call already ran and was charged. An app must not re-run a
 *   request id it completed; a new generation needs a new request id.
 * - `too_many_attempts`: the request id was already retried {@link MAX_ATTEMPTS} times after refunds.
 * - `invalid_request_id`: the context's `requestId` is missing or not an opaque id (it names the hold).
 * - `pii_blocked`: the context's `userId` (or the account id) looks like personal data, which the
 *   insert-only ledger never stores.
 */
export type CreditRefusalCode =
  | 'credits_unavailable'
  | 'already_settled'
  | 'too_many_attempts'
  | 'invalid_request_id'
  | 'pii_blocked'
  | (string & {});

/**
 * Thrown by `instrumentGeneration` when the hold could not be taken, before the provider is
 * called; `code` says why ({@link CreditRefusalCode}). The message never contains the account id.
 */
export class CreditRefusedError extends Error {
  override readonly name = 'CreditRefusedError';
  /** Why: the gate's error code, or one of {@link CreditRefusalCode}. */
  readonly code: CreditRefusalCode;
  /** The account that was asked, when the refusal came from the gate. */
  readonly accountId: string | undefined;
  /** What was to be reserved, when known. */
  readonly amount: string | undefined;
  constructor(code: CreditRefusalCode, detail: string, facts: { accountId?: string; amount?: string; cause?: unknown } = {}) {
    super(`No credit for this AI call: ${detail} The provider was not called.`, { cause: facts.cause });
    this.code = code;
    this.accountId = facts.accountId;
    this.amount = facts.amount;
  }
}

/** How many holds one request id may open: the first, and one per refunded retry after it. */
export const MAX_ATTEMPTS = 5;
const DEFAULT_RESERVE_TIMEOUT_MS = 5_000;
// The key's prefix and attempt suffix must fit the ledger's 200 characters.
const MAX_REQUEST_ID = 180;
const deadlinePassed = Symbol('reserve deadline');

function gateRefusal(error: unknown, accountId: string, amount: string): CreditRefusedError {
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' && code !== '';
  return new CreditRefusedError(
    known ? code : 'credits_unavailable',
    known
      ? `reserving ${amount} was refused (${code}).`
      : `the credit gate failed while reserving ${amount}.`,
    { accountId, amount, cause: error },
  );
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
  /**
   * Takes the call's hold, or throws {@link CreditRefusedError}; `undefined` when the call is not
   * metered. `callTimeoutMs` shortens the reserve deadline.
   */
  reserve(context: GenerationContext, callTimeoutMs?: number): Promise<OpenHold | undefined>;
  /** Commits or releases the hold; never rejects (failures are reported, and the TTL returns the hold). */
  settle(open: OpenHold, outcome: CallOutcome, built: BuiltRecord | undefined): Promise<void>;
}

function chargeOf(unit: CreditUnit, built: BuiltRecord | undefined, held: string): string {
  if (built === undefined) return held;
  if (unit === 'generations') return '1';
  // Unknown usage is not free: its zeros would charge nothing for a call the provider billed.
  if (!built.usageRead) return held;
  if (unit === 'tokens') return String(built.record.totalTokens);
  const cost = built.record.estimatedCost;
  return cost === null ? held : ceilDecimal(cost, CHARGE_SCALE);
}

// One transient failure (a dropped connection) must not make the call free or lose its refund:
// settling is idempotent in the gate, so one more try is safe.
async function twice(settle: () => Promise<unknown>): Promise<void> {
  try {
    await settle();
  } catch {
    await settle();
  }
}

/** Builds the reserve/settle steps of one instrumentation's `credits` option. */
export function createCreditHold(options: CreditOptions, deps: CreditHoldDeps): CreditHoldSteps {
  const { gate, unit } = options;
  return {
    async reserve(context, callTimeoutMs) {
      const requestId: unknown = context?.requestId;
      if (typeof requestId !== 'string' || requestId.length > MAX_REQUEST_ID || !isIdentifier(requestId)) {
        throw new CreditRefusedError(
          'invalid_request_id',
          `context.requestId must be an opaque id (letters, digits and ._:-, at most ${MAX_REQUEST_ID}, e.g. a UUID): it names the credit hold.`,
        );
      }
      const userId: unknown = context.userId;
      if (typeof userId === 'string' && userId !== '' && !isIdentifier(userId)) {
        throw new CreditRefusedError('pii_blocked', 'context.userId looks like personal data; pass your internal user id.');
      }
      const accountId = options.accountId(context);
      if (accountId === undefined) return undefined;
      if (typeof accountId !== 'string' || !isIdentifier(accountId)) {
        throw new CreditRefusedError('pii_blocked', 'the account id is not an internal id (letters, digits and ._:-); the ledger never stores personal data.');
      }
      const amount = typeof options.reserve === 'function' ? options.reserve(context) : options.reserve;
      const limitMs = Math.min(options.reserveTimeoutMs ?? DEFAULT_RESERVE_TIMEOUT_MS, callTimeoutMs ?? Infinity);
      const base = `generation:${requestId}`;
      const find = async (): Promise<OpenHold> => {
        // The request id names the call: a retry reuses its open hold. A retry after a refund (the
        // hold was released or expired) opens the next attempt's hold, found by walking the keys.
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const hold = await gate.reserve({
            accountId,
            amount,
            idempotencyKey: attempt === 1 ? base : `${base}:${attempt}`,
            ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
          });
          const state = hold.state ?? 'open';
          if (state === 'open') return { hold, context };
          if (state === 'committed') {
            throw new CreditRefusedError(
              'already_settled',
              'this request id already ran and was charged; a new generation needs a new request id.',
              { accountId, amount },
            );
          }
        }
        throw new CreditRefusedError(
          'too_many_attempts',
          `this request id was refunded and retried ${MAX_ATTEMPTS} times; a new generation needs a new request id.`,
          { accountId, amount },
        );
      };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<typeof deadlinePassed>((resolve) => {
        timer = setTimeout(() => resolve(deadlinePassed), limitMs);
      });
      const found = find();
      // After the deadline the hold's outcome no longer matters to this call.
      found.catch(() => undefined);
      try {
        const open = await Promise.race([found, deadline]);
        if (open === deadlinePassed) {
          throw new CreditRefusedError('credits_unavailable', `the credit gate did not answer within ${limitMs} ms.`, { accountId, amount });
        }
        return open;
      } catch (error) {
        throw error instanceof CreditRefusedError ? error : gateRefusal(error, accountId, amount);
      } finally {
        clearTimeout(timer);
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
          await twice(() => gate.release(hold, errorType ?? 'released'));
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
        await twice(() => gate.commit(hold, charge));
      } catch (error) {
        deps.report(requestId, `Settling the credit hold of request '${requestId}' failed; its TTL will return it.`, error);
      }
    },
  };
}
