/**
 * Why the ledger refused an operation. Every refusal leaves the ledger unchanged.
 *
 * - `insufficient_credits`: the account's available balance is below the amount reserved.
 * - `invalid_amount`: not a non-negative decimal string within the ledger's bounds, zero where a
 *   positive amount is needed, or a commit above what the hold reserved.
 * - `unknown_account`: no grant was ever made to the account (accounts start with their first grant).
 * - `hold_not_open`: the hold is unknown, or already committed, released or expired.
 * - `idempotency_conflict`: the idempotency key (or the hold) was already used with other arguments.
 * - `invalid_input`: a missing or malformed field other than an amount (an empty account id, a bad date).
 */
export type CreditLedgerErrorCode =
  | 'insufficient_credits'
  | 'invalid_amount'
  | 'unknown_account'
  | 'hold_not_open'
  | 'idempotency_conflict'
  | 'invalid_input';

/** A typed refusal of the credit ledger: `code` says which, the message says where and what was expected. */
export class CreditLedgerError extends Error {
  override readonly name = 'CreditLedgerError';
  /** Which refusal; see {@link CreditLedgerErrorCode}. */
  readonly code: CreditLedgerErrorCode;
  constructor(code: CreditLedgerErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
