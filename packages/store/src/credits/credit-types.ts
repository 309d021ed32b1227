import type { SqlDriver } from '../driver.js';
import type { DatabaseOptions } from '../open-database.js';

/** Options of `openCreditLedger`: where the data lives (as the usage log's), the holds' TTL and the clock. */
export interface CreditLedgerOptions extends DatabaseOptions {
  /**
   * An already open driver (shared with the usage log). It is not closed by `close()`. When given,
   * `databaseUrl` and `dataDir` are ignored.
   */
  driver?: SqlDriver;
  /**
   * How long a hold stays open when its `reserve` gives no `ttlMs`: after it, the sweeper (or the
   * account's next operation) expires the hold and its credit returns. Longer than the slowest AI
   * call, or a late commit finds its hold gone.
   * @default 900_000 (15 minutes)
   */
  holdTtlMs?: number;
  /** The clock of every entry's `created_at` and of expiry decisions (tests inject one). @default () => new Date() */
  now?: () => Date;
}

/** Input of {@link CreditLedger.grant}. */
export interface GrantInput {
  /** The account credited (a user, an organisation: the app's id, never an email). Created by its first grant. */
  accountId: string;
  /** Positive decimal string in the account's unit, e.g. `'100'` or `'5.00'`. */
  amount: string;
  /** Names this grant: a retry with the same key and arguments returns the first grant and adds nothing. */
  idempotencyKey: string;
  /** When the grant's unspent part is forfeited (a monthly allowance). @default never */
  expiresAt?: Date;
  /** Why, for people reading the ledger (`'free_plan_monthly'`, `'stripe:in_123'`). No personal data. */
  reason?: string;
}

/** A stored grant. */
export interface CreditGrant {
  /** The entry's id. */
  id: string;
  accountId: string;
  /** Canonical decimal string (no trailing fraction zeros). */
  amount: string;
  idempotencyKey: string;
  expiresAt: Date | null;
  reason: string | null;
  createdAt: Date;
}

/** Input of {@link CreditLedger.reserve}. */
export interface ReserveInput {
  accountId: string;
  /** Positive decimal string: the most this call may cost. */
  amount: string;
  /**
   * Names this hold (e.g. the AI call's request id): a retry returns the same hold (with its
   * current `state`, even when already settled) and holds nothing more.
   */
  idempotencyKey: string;
  /** This hold's TTL. @default the ledger's `holdTtlMs` */
  ttlMs?: number;
}

/**
 * Where a hold stands: `open` until it is `committed` (charged), `released` (refunded) or
 * `expired` (its TTL ended before a settle).
 */
export type HoldState = 'open' | 'committed' | 'released' | 'expired';

/** A hold on an account's credit: open until committed, released or expired. */
export interface CreditReservation {
  /** The hold's id: pass it (or this object) to `commit` or `release`. */
  id: string;
  /**
   * The hold's state when `reserve` answered: `'open'` for a new hold; a retry of a known key gets
   * the first hold as it stands now, so a caller can tell an already settled call from an open one.
   */
  state: HoldState;
  accountId: string;
  /** Canonical decimal string held. */
  amount: string;
  idempotencyKey: string;
  /** When the sweeper may expire the hold, returning its credit. */
  expiresAt: Date;
  createdAt: Date;
}

/** The outcome of {@link CreditLedger.commit}. */
export interface CreditCommit {
  reservationId: string;
  accountId: string;
  /** What the hold reserved. */
  reserved: string;
  /** What was charged (the `actual` of the first commit). */
  committed: string;
  /** What returned to the account: `reserved - committed`. */
  returned: string;
  createdAt: Date;
}

/** The outcome of {@link CreditLedger.release}. */
export interface CreditRelease {
  reservationId: string;
  accountId: string;
  /** What returned to the account: the whole hold. */
  released: string;
  reason: string;
  createdAt: Date;
}

/**
 * An account's balance, derived from its entries at the time of the call (decimal strings):
 * `available = granted - committed - held - expired`.
 */
export interface CreditBalance {
  accountId: string;
  /** What can be reserved now. */
  available: string;
  /** Every grant ever made. */
  granted: string;
  /** Every commit (credit actually spent). */
  committed: string;
  /** Credit in open holds. */
  held: string;
  /** Unspent grant credit forfeited at the grant's `expiresAt`. */
  expired: string;
  /** How many holds are open. */
  openHolds: number;
}

/**
 * An exact, insert-only credit ledger on PGlite or PostgreSQL: grant credit, reserve before an AI
 * call, commit the real usage after it or release on failure. Every operation is one transaction,
 * serialised per account, and idempotent: a retry returns the first outcome and moves the balance
 * once. Refusals throw a {@link CreditLedgerError} and change nothing.
 */
export interface CreditLedger {
  /** Adds credit to an account (creating it). */
  grant(input: GrantInput): Promise<CreditGrant>;
  /** Holds `amount` of the account's available credit, or throws `insufficient_credits`. */
  reserve(input: ReserveInput): Promise<CreditReservation>;
  /**
   * Closes a hold, charging `actual` (a non-negative decimal string at most the hold's amount); the
   * rest returns to the account. A retry with the same `actual` returns the first commit.
   */
  commit(reservation: CreditReservation | string, actual: string): Promise<CreditCommit>;
  /** Closes a hold, charging nothing (the call failed and is refunded). A retry returns the first release. */
  release(reservation: CreditReservation | string, reason: string): Promise<CreditRelease>;
  /** The account's balance, after expiring its holds and grants that are due. */
  balance(input: { accountId: string }): Promise<CreditBalance>;
  /**
   * Expires every hold past its TTL (its credit returns) and forfeits the unspent part of every
   * grant past its `expiresAt`, across all accounts. Safe to run concurrently and repeatedly:
   * each hold expires once, whichever process gets there first.
   */
  sweepExpired(): Promise<{ expired: number; grantsExpired: number }>;
  /** The connection the ledger runs on (shared with the usage log when it was given one). */
  readonly driver: SqlDriver;
  /** Closes the database when the ledger opened it. */
  close(): Promise<void>;
}
