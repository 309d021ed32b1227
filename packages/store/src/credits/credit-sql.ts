// The SQL of the credit ledger, apart from the logic that sequences it. Every statement names the
// tables unqualified: the driver's search_path is Taxon's schema.
import type { Queryable } from '../driver.js';

/** An entry as read back. */
export interface EntryRow {
  id: number | string;
  account_id: string;
  kind: 'grant' | 'reserve' | 'commit' | 'release' | 'expire';
  amount: string;
  idempotency_key: string | null;
  ref_kind: 'grant' | 'reserve' | null;
  expires_at: Date | null;
  reason: string | null;
  created_at: Date;
}

/** One account's sums, every amount a canonical decimal string. */
export interface SumsRow {
  available: string;
  granted: string;
  live_granted: string;
  committed: string;
  held: string;
  expired: string;
  open_holds: number | string;
}

const ENTRY_COLUMNS = 'id, account_id, kind, amount, idempotency_key, ref_kind, expires_at, reason, created_at';

/**
 * Takes the account's lock for the rest of the transaction, or reports the account unknown.
 * NO KEY UPDATE: it excludes the account's other operations but not the foreign-key checks of
 * the entries this transaction inserts.
 */
export async function lockAccount(tx: Queryable, accountId: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM taxon_credit_accounts WHERE account_id = $1 FOR NO KEY UPDATE', [
    accountId,
  ]);
  return rows.length === 1;
}

export async function createAccount(tx: Queryable, accountId: string, now: Date): Promise<void> {
  await tx.query(
    'INSERT INTO taxon_credit_accounts (account_id, created_at) VALUES ($1, $2) ON CONFLICT (account_id) DO NOTHING',
    [accountId, now],
  );
}

export async function entryByKey(tx: Queryable, kind: 'grant' | 'reserve', key: string): Promise<EntryRow | undefined> {
  const { rows } = await tx.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM taxon_credit_entries WHERE kind = $1 AND idempotency_key = $2`,
    [kind, key],
  );
  return rows[0];
}

export async function holdById(tx: Queryable, id: string): Promise<EntryRow | undefined> {
  const { rows } = await tx.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM taxon_credit_entries WHERE id = $1::bigint AND kind = 'reserve'`,
    [id],
  );
  return rows[0];
}

/** The entry that closed a hold (commit, release or expire), if any. */
export async function closingOf(tx: Queryable, id: string): Promise<EntryRow | undefined> {
  const { rows } = await tx.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM taxon_credit_entries WHERE ref_id = $1::bigint`,
    [id],
  );
  return rows[0];
}

// A hold is open while no entry references it; the unique index on ref_id makes the LEFT JOIN
// one-to-one. trim_scale: '10.500' and '10.5' are one amount, and callers compare strings.
const SUMS = `
  SELECT
    coalesce(sum(e.amount) FILTER (WHERE e.kind = 'grant'), 0) AS granted,
    coalesce(sum(e.amount) FILTER (WHERE e.kind = 'grant' AND c.id IS NULL), 0) AS live_granted,
    coalesce(sum(e.amount) FILTER (WHERE e.kind = 'commit'), 0) AS committed,
    coalesce(sum(e.amount) FILTER (WHERE e.kind = 'reserve' AND c.id IS NULL), 0) AS held,
    count(*) FILTER (WHERE e.kind = 'reserve' AND c.id IS NULL) AS open_holds,
    coalesce(sum(e.amount) FILTER (WHERE e.kind = 'expire' AND e.ref_kind = 'grant'), 0) AS expired
  FROM taxon_credit_entries e
  LEFT JOIN taxon_credit_entries c ON c.ref_id = e.id
  WHERE e.account_id = $1`;

const SUMS_WITH_AVAILABLE = `
  SELECT trim_scale(granted - committed - held - expired) AS available,
         trim_scale(granted) AS granted, trim_scale(live_granted) AS live_granted,
         trim_scale(committed) AS committed, trim_scale(held) AS held, trim_scale(expired) AS expired,
         open_holds
  FROM (${SUMS}) s`;

export async function accountSums(tx: Queryable, accountId: string): Promise<SumsRow> {
  const { rows } = await tx.query<SumsRow>(SUMS_WITH_AVAILABLE, [accountId]);
  return rows[0]!;
}

/** Closes the account's holds past their TTL with `expire` entries; resolves how many. */
async function expireHolds(tx: Queryable, accountId: string, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `INSERT INTO taxon_credit_entries (account_id, kind, amount, ref_id, ref_kind, reason, created_at)
     SELECT r.account_id, 'expire', r.amount, r.id, 'reserve', 'hold_ttl', $2
     FROM taxon_credit_entries r
     LEFT JOIN taxon_credit_entries c ON c.ref_id = r.id
     WHERE r.account_id = $1 AND r.kind = 'reserve' AND r.expires_at <= $2 AND c.id IS NULL
     ORDER BY r.id
     ON CONFLICT (ref_id) WHERE ref_id IS NOT NULL DO NOTHING`,
    [accountId, now],
  );
  return rowCount;
}

/**
 * Forfeits the unspent part of the account's grants past their `expiresAt`, soonest first. Spending
 * is taken to draw on the soonest-expiring grant first (what a customer expects of a monthly
 * allowance beside a bought top-up), so a grant forfeits what the balance holds beyond every other
 * live grant: max(0, min(amount, available - (live grants - amount))).
 */
async function expireGrants(tx: Queryable, accountId: string, now: Date): Promise<number> {
  const { rows } = await tx.query<{ id: number | string }>(
    `SELECT g.id FROM taxon_credit_entries g
     LEFT JOIN taxon_credit_entries c ON c.ref_id = g.id
     WHERE g.account_id = $1 AND g.kind = 'grant' AND g.expires_at <= $2 AND c.id IS NULL
     ORDER BY g.expires_at, g.id`,
    [accountId, now],
  );
  for (const { id } of rows) {
    await tx.query(
      `WITH b AS (${SUMS_WITH_AVAILABLE})
       INSERT INTO taxon_credit_entries (account_id, kind, amount, ref_id, ref_kind, reason, created_at)
       SELECT $1, 'expire', trim_scale(greatest(0, least(g.amount, b.available - (b.live_granted - g.amount)))),
              g.id, 'grant', 'grant_expired', $3
       FROM taxon_credit_entries g, b WHERE g.id = $2::bigint
       ON CONFLICT (ref_id) WHERE ref_id IS NOT NULL DO NOTHING`,
      [accountId, String(id), now],
    );
  }
  return rows.length;
}

/** Expires what is due on one account; run under its lock. */
export async function expireDue(tx: Queryable, accountId: string, now: Date): Promise<{ holds: number; grants: number }> {
  const holds = await expireHolds(tx, accountId, now);
  const grants = await expireGrants(tx, accountId, now);
  return { holds, grants };
}

/** Accounts with a hold or grant past its time that no entry has closed yet. */
export async function accountsWithDueEntries(db: Queryable, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ account_id: string }>(
    `SELECT DISTINCT e.account_id FROM taxon_credit_entries e
     LEFT JOIN taxon_credit_entries c ON c.ref_id = e.id
     WHERE e.expires_at <= $1 AND e.kind IN ('reserve', 'grant') AND c.id IS NULL`,
    [now],
  );
  return rows.map((r) => r.account_id);
}

export interface NewEntry {
  accountId: string;
  kind: EntryRow['kind'];
  amount: string;
  idempotencyKey?: string | null;
  refId?: string | null;
  refKind?: 'grant' | 'reserve' | null;
  expiresAt?: Date | null;
  reason?: string | null;
  createdAt: Date;
}

export async function insertEntry(tx: Queryable, entry: NewEntry): Promise<EntryRow> {
  const { rows } = await tx.query<EntryRow>(
    `INSERT INTO taxon_credit_entries
       (account_id, kind, amount, idempotency_key, ref_id, ref_kind, expires_at, reason, created_at)
     VALUES ($1, $2, $3::numeric, $4, $5::bigint, $6, $7, $8, $9)
     RETURNING ${ENTRY_COLUMNS}`,
    [
      entry.accountId,
      entry.kind,
      entry.amount,
      entry.idempotencyKey ?? null,
      entry.refId ?? null,
      entry.refKind ?? null,
      entry.expiresAt ?? null,
      entry.reason ?? null,
      entry.createdAt,
    ],
  );
  return rows[0]!;
}
