// The contract between @taxon/edge (which reserves credit around an AI call) and a credit store
// (@taxon/store's credit ledger, or the app's own): it lives here so neither depends on the other.

/** A hold on an account's credit, as a {@link CreditGate} returns it. */
export interface CreditHold {
  /** The hold's id, passed back to `commit` or `release`. */
  id: string;
  accountId: string;
  /** The decimal amount held. */
  amount: string;
  /**
   * Where the hold stands when `reserve` answered (`@taxon/store`'s ledger always says): a retry of
   * a known idempotency key gets the first hold, which may already be `committed`, `released` or
   * `expired`. A gate that leaves it out is taken as `open`.
   */
  state?: 'open' | 'committed' | 'released' | 'expired';
}

/**
 * Reserve, commit and release credit, shaped like `openCreditLedger()` of `@taxon/store` (which
 * satisfies it as it is). Implementations must be idempotent on `idempotencyKey` and on the hold,
 * and reject a refused reserve (no credit, unknown account) with an error whose `code` says why
 * (`'insufficient_credits'`, `'unknown_account'`).
 */
export interface CreditGate {
  /** Holds `amount` before the call, or rejects. */
  reserve(input: { accountId: string; amount: string; idempotencyKey: string; ttlMs?: number }): Promise<CreditHold>;
  /** Charges `actual` (at most the hold's amount); the rest returns. */
  commit(hold: CreditHold | string, actual: string): Promise<unknown>;
  /** Returns the whole hold; `reason` is the error category of the failed call. */
  release(hold: CreditHold | string, reason: string): Promise<unknown>;
}
