// The credit ledger: exact, insert-only credit accounting (grant, reserve, commit, release, expire).
export { openCreditLedger, DEFAULT_HOLD_TTL_MS } from './credit-ledger.js';
export { CreditLedgerError } from './credit-ledger-error.js';
export type { CreditLedgerErrorCode } from './credit-ledger-error.js';
export { CREDIT_LEDGER_MIGRATION_SCOPE } from './credit-migrations.js';
export type {
  CreditBalance,
  CreditCommit,
  CreditGrant,
  CreditLedger,
  CreditLedgerOptions,
  CreditRelease,
  CreditReservation,
  GrantInput,
  HoldState,
  ReserveInput,
} from './credit-types.js';
