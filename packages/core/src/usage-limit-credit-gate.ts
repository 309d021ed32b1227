// The part of a credit ledger the fair-use limiter needs. @taxon/store's `openCreditLedger`
// satisfies it; so can any store with the same race-safe reserve/commit/release on one account.

/** A hold on an account's balance, taken before a call and settled after it. */
export interface CreditGateHold {
  /** The hold's id, for `commit` and `release`. */
  readonly id: string;
  /** The account it holds credits of. */
  readonly accountId: string;
  /** The amount held, a decimal string. */
  readonly amount: string;
}

/** An account's derived balance (decimal strings). */
export interface CreditGateBalance {
  /** What can still be reserved: granted - committed - held - expired. */
  readonly available: string;
  /** Everything ever granted to the account. */
  readonly granted: string;
}

/**
 * A ledger of credits per account with race-safe holds. Every method is idempotent on its key (a
 * retry returns the first outcome and moves the balance once) and safe under concurrency. A
 * reserve above `available` rejects with an error whose `code` is `'insufficient_credits'`.
 */
export interface CreditGate {
  /** Adds `amount` to the account (creating it); a second grant with the same key adds nothing. */
  grant(input: { accountId: string; amount: string; idempotencyKey: string; reason?: string }): Promise<unknown>;
  /** Holds `amount` of the account's available credits, or rejects with `insufficient_credits`. */
  reserve(input: { accountId: string; amount: string; idempotencyKey: string; ttlMs?: number }): Promise<CreditGateHold>;
  /** Settles a hold at `actual` (at most the held amount; the rest returns to the account). */
  commit(hold: CreditGateHold | string, actual: string): Promise<unknown>;
  /** Returns a hold's whole amount to the account. */
  release(hold: CreditGateHold | string, reason: string): Promise<unknown>;
  /** The account's balance. */
  balance(input: { accountId: string }): Promise<CreditGateBalance>;
}

/** Whether `error` is the gate's refusal of a reserve above the available balance. */
export function isInsufficientCredits(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'insufficient_credits';
}
