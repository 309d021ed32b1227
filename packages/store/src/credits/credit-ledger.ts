import { isIdentifier } from '@taxon/core';
import type { Queryable } from '../driver.js';
import { migrate } from '../migrate.js';
import { openDatabase } from '../open-database.js';
import { canonicalAmount, compareAmounts, subtractAmounts } from './amount.js';
import { CreditLedgerError } from './credit-ledger-error.js';
import { CREDIT_LEDGER_MIGRATION_SCOPE, CREDIT_LEDGER_MIGRATIONS } from './credit-migrations.js';
import {
  accountSums,
  accountsWithDueEntries,
  closingOf,
  createAccount,
  entryByKey,
  expireDue,
  holdById,
  insertEntry,
  lockAccount,
  type EntryRow,
} from './credit-sql.js';
import type {
  CreditBalance,
  CreditCommit,
  CreditGrant,
  CreditLedger,
  CreditLedgerOptions,
  CreditRelease,
  CreditReservation,
  HoldState,
} from './credit-types.js';

/** A hold's TTL when neither the ledger nor the reserve names one: 15 minutes. */
export const DEFAULT_HOLD_TTL_MS = 15 * 60 * 1000;

// Unique violations: two first uses of one idempotency key racing on different accounts (each
// holds only its own account's lock). The retry finds the winner's entry and answers from it.
const RETRYABLE = new Set(['23505', '40001', '40P01']);
const ATTEMPTS = 3;
/** How long one ledger statement waits for an account's row lock on PostgreSQL. */
const LOCK_TIMEOUT = '5s';

function text(value: unknown, where: string, example: string): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 200) {
    throw new CreditLedgerError(
      'invalid_input',
      `${where}: expected a string of 1 to 200 characters, e.g. ${example}, got ${JSON.stringify(value) ?? String(value)}.`,
    );
  }
  return value;
}

// The ledger is insert-only: an email stored as an account id stays forever. The same policy as the
// usage log's user id (core's isIdentifier); the value is never echoed.
function accountIdOf(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 200 || !isIdentifier(value)) {
    throw new CreditLedgerError(
      'invalid_input',
      `${where}: expected your internal account id (1 to 200 letters, digits and ._:-, e.g. 'org_1' or a UUID); ` +
        'the value is missing or looks like personal data (an email, phone number, name or secret), which the ' +
        'insert-only ledger never stores.',
    );
  }
  return value;
}

function positiveMs(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new CreditLedgerError('invalid_input', `${where}: expected a positive whole number of milliseconds, got ${String(value)}.`);
  }
  return value;
}

function holdId(reservation: CreditReservation | string, where: string): string {
  const id = typeof reservation === 'string' ? reservation : (reservation as CreditReservation | undefined)?.id;
  if (typeof id !== 'string' || !/^[1-9]\d{0,17}$/.test(id)) {
    throw new CreditLedgerError(
      'invalid_input',
      `${where}: expected a reservation from reserve() or its id (digits, e.g. '42'), got ${JSON.stringify(id) ?? String(id)}.`,
    );
  }
  return id;
}

const toGrant = (row: EntryRow): CreditGrant => ({
  id: String(row.id),
  accountId: row.account_id,
  amount: row.amount,
  idempotencyKey: row.idempotency_key!,
  expiresAt: row.expires_at,
  reason: row.reason,
  createdAt: row.created_at,
});

const STATE_OF_CLOSING = { commit: 'committed', release: 'released', expire: 'expired' } as const;

function holdState(closing: EntryRow | undefined): HoldState {
  if (closing === undefined) return 'open';
  return STATE_OF_CLOSING[closing.kind as keyof typeof STATE_OF_CLOSING] ?? 'open';
}

const toReservation = (row: EntryRow, state: HoldState): CreditReservation => ({
  id: String(row.id),
  state,
  accountId: row.account_id,
  amount: row.amount,
  idempotencyKey: row.idempotency_key!,
  expiresAt: row.expires_at!,
  createdAt: row.created_at,
});

function closedMessage(where: string, hold: EntryRow, closing: EntryRow): string {
  const what =
    closing.kind === 'expire'
      ? `expired at ${closing.created_at.toISOString()} (its TTL ended ${hold.expires_at!.toISOString()}; raise holdTtlMs above your slowest call)`
      : closing.kind === 'release'
        ? `released (${closing.reason ?? 'no reason'})`
        : `committed with ${closing.amount}`;
  return `${where}: hold ${String(hold.id)} is not open: it was ${what}.`;
}

/**
 * Opens the credit ledger on embedded PGlite (`dataDir`) or a PostgreSQL server (`databaseUrl`,
 * `DATABASE_URL`), like `openUsageLog`, and creates its tables (`taxon_credit_accounts`,
 * `taxon_credit_entries`) on first use.
 *
 * Each operation is one transaction holding the account's row lock, so concurrent reserves on one
 * account are serialised (exactly as many succeed as the balance allows), while different accounts
 * proceed in parallel on a server.
 *
 * @example
 * const ledger = await openCreditLedger({ dataDir: '.taxon/pglite' });
 * await ledger.grant({ accountId: 'org_1', amount: '100', idempotencyKey: 'free-2026-03:org_1' });
 * const hold = await ledger.reserve({ accountId: 'org_1', amount: '1', idempotencyKey: requestId });
 * try { await callModel(); await ledger.commit(hold, '1'); }
 * catch (error) { await ledger.release(hold, 'ai_timeout'); throw error; }
 */
export async function openCreditLedger(options: CreditLedgerOptions = {}): Promise<CreditLedger> {
  const ttlDefault = options.holdTtlMs === undefined ? DEFAULT_HOLD_TTL_MS : positiveMs(options.holdTtlMs, 'openCreditLedger(holdTtlMs)');
  const clock = options.now ?? (() => new Date());
  const owned = options.driver === undefined;
  const driver = options.driver ?? (await openDatabase(options));
  try {
    await migrate(driver, { scope: CREDIT_LEDGER_MIGRATION_SCOPE, migrations: CREDIT_LEDGER_MIGRATIONS });
  } catch (error) {
    if (owned) await driver.close().catch(() => {});
    throw error;
  }

  async function run<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await driver.transaction(async (tx) => {
          // A row lock held by a stuck transaction must not hang every AI call of the account:
          // after 5 s the statement fails (55P03) and the edge refuses the call as unavailable.
          if (driver.dialect === 'postgres') await tx.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
          return fn(tx);
        });
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  async function requireAccount(tx: Queryable, accountId: string, where: string): Promise<void> {
    if (!(await lockAccount(tx, accountId))) {
      throw new CreditLedgerError(
        'unknown_account',
        `${where}: the account has no credit entries; grant() it credit first.`,
      );
    }
  }

  return {
    driver,

    async grant(input) {
      const where = 'grant';
      const accountId = accountIdOf(input?.accountId, `${where}(accountId)`);
      const amount = canonicalAmount(input.amount, `${where}(amount)`, { positive: true });
      const key = text(input.idempotencyKey, `${where}(idempotencyKey)`, "'free-2026-03:org_1'");
      const reason = input.reason === undefined ? null : text(input.reason, `${where}(reason)`, "'free_plan_monthly'");
      const expiresAt = input.expiresAt ?? null;
      if (expiresAt !== null && (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime()))) {
        throw new CreditLedgerError('invalid_input', `${where}(expiresAt): expected a valid Date, got ${String(expiresAt)}.`);
      }
      return run(async (tx) => {
        const now = clock();
        await createAccount(tx, accountId, now);
        await requireAccount(tx, accountId, where);
        const first = await entryByKey(tx, 'grant', key);
        if (first) {
          const same =
            first.account_id === accountId &&
            first.amount === amount &&
            (first.expires_at?.getTime() ?? null) === (expiresAt?.getTime() ?? null) &&
            first.reason === reason;
          if (same) return toGrant(first);
          throw new CreditLedgerError(
            'idempotency_conflict',
            `${where}: idempotency key '${key}' already granted ${first.amount}${first.account_id === accountId ? '' : ' to another account'}` +
              ` (expiresAt ${first.expires_at?.toISOString() ?? 'none'}, reason ${first.reason ?? 'none'}); ` +
              'a retry must repeat the same arguments, a new grant needs a new key.',
          );
        }
        if (expiresAt !== null && expiresAt.getTime() <= now.getTime()) {
          throw new CreditLedgerError('invalid_input', `${where}(expiresAt): expected a time after now (${now.toISOString()}), got ${expiresAt.toISOString()}.`);
        }
        return toGrant(await insertEntry(tx, { accountId, kind: 'grant', amount, idempotencyKey: key, expiresAt, reason, createdAt: now }));
      });
    },

    async reserve(input) {
      const where = 'reserve';
      const accountId = accountIdOf(input?.accountId, `${where}(accountId)`);
      const amount = canonicalAmount(input.amount, `${where}(amount)`, { positive: true });
      const key = text(input.idempotencyKey, `${where}(idempotencyKey)`, 'the AI call’s request id');
      const ttlMs = input.ttlMs === undefined ? ttlDefault : positiveMs(input.ttlMs, `${where}(ttlMs)`);
      return run(async (tx) => {
        await requireAccount(tx, accountId, where);
        const first = await entryByKey(tx, 'reserve', key);
        const now = clock();
        if (first) {
          if (first.account_id === accountId && first.amount === amount) {
            // A retry learns whether its hold is still open: a hold past its TTL expires now.
            await expireDue(tx, accountId, now);
            return toReservation(first, holdState(await closingOf(tx, String(first.id))));
          }
          throw new CreditLedgerError(
            'idempotency_conflict',
            `${where}: idempotency key '${key}' already reserved ${first.amount}${first.account_id === accountId ? '' : ' on another account'}; ` +
              'a retry must repeat the same account and amount, a new hold needs a new key.',
          );
        }
        await expireDue(tx, accountId, now);
        const { available } = await accountSums(tx, accountId);
        if (compareAmounts(available, amount) < 0) {
          throw new CreditLedgerError(
            'insufficient_credits',
            `${where}: the account has ${available} available, ${amount} was requested.`,
          );
        }
        const expiresAt = new Date(now.getTime() + ttlMs);
        return toReservation(await insertEntry(tx, { accountId, kind: 'reserve', amount, idempotencyKey: key, expiresAt, createdAt: now }), 'open');
      });
    },

    async commit(reservation, actual) {
      const where = 'commit';
      const id = holdId(reservation, `${where}(reservation)`);
      const charged = canonicalAmount(actual, `${where}(actual)`, { positive: false });
      return run(async (tx): Promise<CreditCommit> => {
        const hold = await holdById(tx, id);
        if (!hold) throw new CreditLedgerError('hold_not_open', `${where}: no hold has id ${id}.`);
        await requireAccount(tx, hold.account_id, where);
        const outcome = (row: EntryRow): CreditCommit => ({
          reservationId: id,
          accountId: hold.account_id,
          reserved: hold.amount,
          committed: row.amount,
          returned: subtractAmounts(hold.amount, row.amount),
          createdAt: row.created_at,
        });
        const closing = await closingOf(tx, id);
        if (closing?.kind === 'commit') {
          if (closing.amount === charged) return outcome(closing);
          throw new CreditLedgerError(
            'idempotency_conflict',
            `${where}: hold ${id} was already committed with ${closing.amount}, not ${charged}; a retry must repeat the same actual.`,
          );
        }
        if (closing) throw new CreditLedgerError('hold_not_open', closedMessage(where, hold, closing));
        if (compareAmounts(charged, hold.amount) > 0) {
          throw new CreditLedgerError(
            'invalid_amount',
            `${where}(actual): expected at most the ${hold.amount} hold ${id} reserved, got ${charged}; reserve the most a call may cost.`,
          );
        }
        return outcome(await insertEntry(tx, { accountId: hold.account_id, kind: 'commit', amount: charged, refId: id, refKind: 'reserve', createdAt: clock() }));
      });
    },

    async release(reservation, reason) {
      const where = 'release';
      const id = holdId(reservation, `${where}(reservation)`);
      const why = text(reason, `${where}(reason)`, "'ai_timeout'");
      return run(async (tx): Promise<CreditRelease> => {
        const hold = await holdById(tx, id);
        if (!hold) throw new CreditLedgerError('hold_not_open', `${where}: no hold has id ${id}.`);
        await requireAccount(tx, hold.account_id, where);
        const outcome = (row: EntryRow): CreditRelease => ({
          reservationId: id,
          accountId: hold.account_id,
          released: hold.amount,
          reason: row.reason!,
          createdAt: row.created_at,
        });
        const closing = await closingOf(tx, id);
        if (closing?.kind === 'release') {
          if (closing.reason === why) return outcome(closing);
          throw new CreditLedgerError(
            'idempotency_conflict',
            `${where}: hold ${id} was already released (${closing.reason ?? 'no reason'}), not '${why}'; a retry must repeat the same reason.`,
          );
        }
        if (closing) throw new CreditLedgerError('hold_not_open', closedMessage(where, hold, closing));
        return outcome(await insertEntry(tx, { accountId: hold.account_id, kind: 'release', amount: hold.amount, refId: id, refKind: 'reserve', reason: why, createdAt: clock() }));
      });
    },

    async balance(input) {
      const accountId = accountIdOf(input?.accountId, 'balance(accountId)');
      return run(async (tx): Promise<CreditBalance> => {
        await requireAccount(tx, accountId, 'balance');
        await expireDue(tx, accountId, clock());
        const sums = await accountSums(tx, accountId);
        return {
          accountId,
          available: sums.available,
          granted: sums.granted,
          committed: sums.committed,
          held: sums.held,
          expired: sums.expired,
          openHolds: Number(sums.open_holds),
        };
      });
    },

    async sweepExpired() {
      const now = clock();
      let expired = 0;
      let grantsExpired = 0;
      for (const accountId of await accountsWithDueEntries(driver, now)) {
        const done = await run(async (tx) => {
          await lockAccount(tx, accountId);
          return expireDue(tx, accountId, now);
        });
        expired += done.holds;
        grantsExpired += done.grants;
      }
      return { expired, grantsExpired };
    },

    close: () => (owned ? driver.close() : Promise.resolve()),
  };
}
