import type { Migration } from '../migrate.js';

/** The scope of the credit ledger's migrations in `taxon_migrations`, numbered apart from every other component's. */
export const CREDIT_LEDGER_MIGRATION_SCOPE = 'credit-ledger';

// Inline like the processed-events store: the ledger's SQL ships inside the code that relies on it,
// and its own scope keeps its version numbers from ever colliding with the usage log's files.
const CREATE_LEDGER = `
-- One row per account, written by its first grant and never changed. Every operation on the
-- account takes this row's lock (SELECT ... FOR UPDATE), which serialises the account's
-- check-then-insert (is there enough? insert the hold) without a mutable balance anywhere.
CREATE TABLE taxon_credit_accounts (
  account_id text PRIMARY KEY CHECK (length(account_id) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL
);

-- The ledger: every movement of credit, written once. The balance is a sum over these rows.
--   grant    adds credit (optionally until expires_at)
--   reserve  holds credit before an AI call, until expires_at (its TTL)
--   commit   closes a hold, charging amount (<= the hold's); the rest returns
--   release  closes a hold, charging nothing
--   expire   closes a hold past its TTL (ref_kind 'reserve'), or forfeits the unspent part of a
--            grant past its expires_at (ref_kind 'grant')
CREATE TABLE taxon_credit_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id text NOT NULL REFERENCES taxon_credit_accounts (account_id),
  kind text NOT NULL CHECK (kind IN ('grant', 'reserve', 'commit', 'release', 'expire')),
  -- Exact, bounded: at most 12 fraction digits (checked by the library first, with a clearer message).
  amount numeric NOT NULL CHECK (amount >= 0 AND scale(amount) <= 12),
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  -- The hold a commit/release/expire closes, or the grant an expire forfeits.
  ref_id bigint REFERENCES taxon_credit_entries (id),
  ref_kind text CHECK (ref_kind IN ('grant', 'reserve')),
  expires_at timestamptz,
  reason text CHECK (length(reason) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL,
  CONSTRAINT taxon_credit_entries_key_iff_opening
    CHECK ((idempotency_key IS NOT NULL) = (kind IN ('grant', 'reserve'))),
  CONSTRAINT taxon_credit_entries_ref_iff_closing
    CHECK ((ref_id IS NOT NULL) = (kind IN ('commit', 'release', 'expire')) AND (ref_id IS NULL) = (ref_kind IS NULL)),
  CONSTRAINT taxon_credit_entries_hold_expires
    CHECK (kind <> 'reserve' OR expires_at IS NOT NULL)
);

-- Idempotency of grants and reserves: a key names one operation, whatever the account.
CREATE UNIQUE INDEX taxon_credit_entries_key ON taxon_credit_entries (kind, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
-- At most one closing entry per hold and one expiry per grant: a second commit, release or
-- sweep of the same hold cannot insert, whichever process tries.
CREATE UNIQUE INDEX taxon_credit_entries_closes ON taxon_credit_entries (ref_id) WHERE ref_id IS NOT NULL;
-- The balance sums one account's entries.
CREATE INDEX taxon_credit_entries_account ON taxon_credit_entries (account_id, kind);
-- The sweeper finds holds and grants past their time.
CREATE INDEX taxon_credit_entries_due ON taxon_credit_entries (expires_at) WHERE expires_at IS NOT NULL;

-- Insert-only, enforced by the database for every client (as ai_usage_logs).
CREATE FUNCTION taxon_credit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is insert-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Credit entries are written once and never changed; the balance is derived from them.';
END
$$;
CREATE TRIGGER taxon_credit_entries_insert_only BEFORE UPDATE OR DELETE ON taxon_credit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION taxon_credit_reject_change();
CREATE TRIGGER taxon_credit_entries_no_truncate BEFORE TRUNCATE ON taxon_credit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION taxon_credit_reject_change();
CREATE TRIGGER taxon_credit_accounts_insert_only BEFORE UPDATE OR DELETE ON taxon_credit_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION taxon_credit_reject_change();
CREATE TRIGGER taxon_credit_accounts_no_truncate BEFORE TRUNCATE ON taxon_credit_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION taxon_credit_reject_change();
`;

/** The credit ledger's migrations. Add new ones with a higher version; never edit an applied one. */
export const CREDIT_LEDGER_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'create_taxon_credit_ledger', sql: CREATE_LEDGER.trim() },
];
