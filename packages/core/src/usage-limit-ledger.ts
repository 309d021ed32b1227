// The part of a credit ledger the fair-use limiter needs: the CreditGate that instrumentation
// reserves through, plus `grant` (an allowance is granted lazily) and `balance` (the notices and
// the refusal read what is left). @taxon/store's `openCreditLedger` satisfies it as it is.
import type { CreditGate } from './credit-gate.js';

/** An account's derived balance (decimal strings). */
export interface UsageLimitLedgerBalance {
  /** What can still be reserved: granted - committed - held - expired. */
  readonly available: string;
  /** Everything ever granted to the account. */
  readonly granted: string;
}

/**
 * A credit ledger with race-safe holds, idempotent on every key. A reserve above `available`
 * rejects with an error whose `code` is `'insufficient_credits'`; `balance` of an account never
 * granted may reject with `'unknown_account'`.
 */
export interface UsageLimitLedger extends CreditGate {
  /** Adds `amount` to the account (creating it); a second grant with the same key adds nothing. */
  grant(input: { accountId: string; amount: string; idempotencyKey: string; reason?: string }): Promise<unknown>;
  /** The account's balance. */
  balance(input: { accountId: string }): Promise<UsageLimitLedgerBalance>;
}

/** Whether `error` is the ledger's refusal of a reserve above the available balance. */
export function isInsufficientCredits(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'insufficient_credits';
}
