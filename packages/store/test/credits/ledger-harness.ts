// Opens a credit ledger per test on each backend, with a clock the test moves, and reads the raw
// entry count so "nothing changed" can be asserted beside the balance.
import { backends, type Backend, type TestDatabase } from '../lib/postgres-backends.js';
import { openCreditLedger, type CreditLedger, type SqlDriver } from '../../src/index.js';

/** A clock the test sets; every ledger of one harness reads it. */
export interface TestClock {
  now(): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(start = '2026-03-01T10:00:00Z'): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (iso) => {
      current = new Date(iso).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface LedgerHarness {
  database: TestDatabase;
  ledger: CreditLedger;
  clock: TestClock;
  /** Another ledger on its own connections (PostgreSQL) or the same database (PGlite). */
  another(): Promise<CreditLedger>;
  entryCount(): Promise<number>;
  dispose(): Promise<void>;
}

export async function openHarness(backend: Backend, options: { holdTtlMs?: number } = {}): Promise<LedgerHarness> {
  const database = await backend.open();
  const clock = testClock();
  const open = (driver: SqlDriver) => openCreditLedger({ driver, now: clock.now, ...options });
  const ledger = await open(database.driver);
  return {
    database,
    ledger,
    clock,
    another: async () => open(await database.openAnother()),
    async entryCount() {
      const { rows } = await database.driver.query<{ n: number }>('SELECT count(*)::int AS n FROM taxon_credit_entries');
      return rows[0]!.n;
    },
    dispose: () => database.dispose(),
  };
}

export { backends };
