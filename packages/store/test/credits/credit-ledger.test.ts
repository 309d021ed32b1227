import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreditLedgerError, type CreditLedger } from '../../src/index.js';
import { backends, openHarness, type LedgerHarness } from './ledger-harness.js';

describe.each(backends)('credit ledger on $name', (backend) => {
  let h: LedgerHarness;
  let ledger: CreditLedger;
  beforeEach(async () => {
    h = await openHarness(backend, { holdTtlMs: 60_000 });
    ledger = h.ledger;
  });
  afterEach(async () => {
    await h.dispose();
  });

  const balanceOf = (accountId: string) => ledger.balance({ accountId });

  it('reserve then commit less than reserved returns the rest; release returns everything', async () => {
    await ledger.grant({ accountId: 'org_1', amount: '10', idempotencyKey: 'g1' });
    const hold = await ledger.reserve({ accountId: 'org_1', amount: '3.5', idempotencyKey: 'r1' });
    expect(hold).toMatchObject({ accountId: 'org_1', amount: '3.5', idempotencyKey: 'r1' });
    expect(hold.expiresAt.toISOString()).toBe('2026-03-01T10:01:00.000Z');
    expect(await balanceOf('org_1')).toEqual({
      accountId: 'org_1', available: '6.5', granted: '10', committed: '0', held: '3.5', expired: '0', openHolds: 1,
    });
    const commit = await ledger.commit(hold, '1.25');
    expect(commit).toMatchObject({ reservationId: hold.id, reserved: '3.5', committed: '1.25', returned: '2.25' });
    const other = await ledger.reserve({ accountId: 'org_1', amount: '2', idempotencyKey: 'r2' });
    expect(await ledger.release(other.id, 'ai_timeout')).toMatchObject({ released: '2', reason: 'ai_timeout' });
    expect(await balanceOf('org_1')).toMatchObject({ available: '8.75', committed: '1.25', held: '0', openHolds: 0 });
  });

  it('amounts are exact decimals: 0.1 + 0.2 held leaves exactly 0.7 of 1', async () => {
    await ledger.grant({ accountId: 'a', amount: '1.000', idempotencyKey: 'g' });
    await ledger.reserve({ accountId: 'a', amount: '0.1', idempotencyKey: 'r1' });
    await ledger.reserve({ accountId: 'a', amount: '0.20', idempotencyKey: 'r2' });
    expect(await balanceOf('a')).toMatchObject({ available: '0.7', held: '0.3', granted: '1' });
    await ledger.reserve({ accountId: 'a', amount: '0.000000000001', idempotencyKey: 'r3' });
    expect((await balanceOf('a')).available).toBe('0.699999999999');
  });

  it('every retry of one idempotency key returns the first outcome and moves the balance once', async () => {
    const grants = await Promise.all([1, 2, 3].map(() => ledger.grant({ accountId: 'u', amount: '5', idempotencyKey: 'g' })));
    expect(new Set(grants.map((g) => g.id)).size).toBe(1);
    // Spelling does not matter: '5.00' is the same amount.
    expect((await ledger.grant({ accountId: 'u', amount: '5.00', idempotencyKey: 'g' })).id).toBe(grants[0]!.id);
    const holds = await Promise.all([1, 2, 3, 4].map(() => ledger.reserve({ accountId: 'u', amount: '2', idempotencyKey: 'req-1' })));
    expect(new Set(holds.map((r) => r.id)).size).toBe(1);
    expect(await balanceOf('u')).toMatchObject({ available: '3', held: '2', openHolds: 1 });
    const commits = await Promise.all([1, 2, 3].map(() => ledger.commit(holds[0]!, '1.5')));
    expect(commits.map((c) => c.committed)).toEqual(['1.5', '1.5', '1.5']);
    expect(new Set(commits.map((c) => c.createdAt.getTime())).size).toBe(1);
    expect(await ledger.commit(holds[0]!.id, '1.50')).toEqual(commits[0]);
    // The reserve retry after the commit still answers with the first hold, and holds nothing more.
    expect((await ledger.reserve({ accountId: 'u', amount: '2', idempotencyKey: 'req-1' })).id).toBe(holds[0]!.id);
    const second = await ledger.reserve({ accountId: 'u', amount: '1', idempotencyKey: 'req-2' });
    const releases = await Promise.all([1, 2].map(() => ledger.release(second, 'ai_timeout')));
    expect(releases[0]).toEqual(releases[1]);
    expect(await balanceOf('u')).toMatchObject({ available: '3.5', granted: '5', committed: '1.5', held: '0' });
    expect(await h.entryCount()).toBe(5); // grant, reserve, commit, reserve, release
  });

  it('one key with other arguments is an idempotency_conflict and changes nothing', async () => {
    await ledger.grant({ accountId: 'u', amount: '5', idempotencyKey: 'g' });
    await ledger.grant({ accountId: 'v', amount: '5', idempotencyKey: 'gv' });
    const hold = await ledger.reserve({ accountId: 'u', amount: '2', idempotencyKey: 'r' });
    await ledger.commit(hold, '1');
    const before = [await balanceOf('u'), await balanceOf('v'), await h.entryCount()];
    const conflicts = [
      () => ledger.grant({ accountId: 'u', amount: '6', idempotencyKey: 'g' }),
      () => ledger.grant({ accountId: 'v', amount: '5', idempotencyKey: 'g' }),
      () => ledger.grant({ accountId: 'u', amount: '5', idempotencyKey: 'g', reason: 'other' }),
      () => ledger.reserve({ accountId: 'u', amount: '3', idempotencyKey: 'r' }),
      () => ledger.reserve({ accountId: 'v', amount: '2', idempotencyKey: 'r' }),
      () => ledger.commit(hold, '2'),
    ];
    for (const attempt of conflicts) {
      await expect(attempt()).rejects.toMatchObject({ name: 'CreditLedgerError', code: 'idempotency_conflict' });
    }
    await expect(ledger.commit(hold, '2')).rejects.toThrow(/already committed with 1, not 2/);
    expect([await balanceOf('u'), await balanceOf('v'), await h.entryCount()]).toEqual(before);
  });

  it('100 concurrent reserves against 10 granted credits: exactly 10 succeed', async () => {
    await ledger.grant({ accountId: 'org', amount: '10', idempotencyKey: 'g' });
    // Several connections on PostgreSQL (each ledger its own pool); one on PGlite.
    const ledgers = [ledger, await h.another(), await h.another(), await h.another()];
    // Open every pooled connection first, so the reserves overlap instead of queueing on connects.
    await Promise.all(ledgers.flatMap((l) => Array.from({ length: 10 }, () => l.balance({ accountId: 'org' }))));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        ledgers[i % ledgers.length]!.reserve({ accountId: 'org', amount: '1', idempotencyKey: `req-${i}` }),
      ),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(90);
    for (const error of refused) {
      expect(error).toBeInstanceOf(CreditLedgerError);
      expect(error).toMatchObject({ code: 'insufficient_credits' });
    }
    expect(await balanceOf('org')).toMatchObject({ available: '0', held: '10', openHolds: 10 });
    expect(await h.entryCount()).toBe(11);
  });

  it('bad input gets a typed error naming the field and changes nothing', async () => {
    await ledger.grant({ accountId: 'u', amount: '5', idempotencyKey: 'g' });
    const hold = await ledger.reserve({ accountId: 'u', amount: '2', idempotencyKey: 'r' });
    const released = await ledger.reserve({ accountId: 'u', amount: '1', idempotencyKey: 'r2' });
    await ledger.release(released, 'ai_timeout');
    const before = [await balanceOf('u'), await h.entryCount()];
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [() => ledger.grant({ accountId: 'u', amount: '-1', idempotencyKey: 'g2' }), 'invalid_amount', /grant\(amount\): expected a positive decimal string/],
      [() => ledger.grant({ accountId: 'u', amount: 'ten', idempotencyKey: 'g3' }), 'invalid_amount', /got "ten"/],
      [() => ledger.grant({ accountId: 'u', amount: '1e3', idempotencyKey: 'g4' }), 'invalid_amount', /no exponent/],
      [() => ledger.grant({ accountId: 'u', amount: 1 as unknown as string, idempotencyKey: 'g5' }), 'invalid_amount', /got number 1/],
      [() => ledger.grant({ accountId: 'u', amount: '0.0000000000001', idempotencyKey: 'g6' }), 'invalid_amount', /12 fraction digits/],
      [() => ledger.reserve({ accountId: 'u', amount: '0', idempotencyKey: 'r3' }), 'invalid_amount', /reserve\(amount\)/],
      [() => ledger.reserve({ accountId: 'u', amount: ' 1', idempotencyKey: 'r4' }), 'invalid_amount', /reserve\(amount\)/],
      [() => ledger.reserve({ accountId: 'nobody', amount: '1', idempotencyKey: 'r5' }), 'unknown_account', /reserve: the account has no credit entries; grant\(\) it credit first/],
      [() => ledger.balance({ accountId: 'nobody' }), 'unknown_account', /balance: the account has no credit entries/],
      [() => ledger.reserve({ accountId: 'u', amount: '4', idempotencyKey: 'r6' }), 'insufficient_credits', /has 3 available, 4 was requested/],
      [() => ledger.commit(released, '1'), 'hold_not_open', /it was released \(ai_timeout\)/],
      [() => ledger.commit(hold, '2.01'), 'invalid_amount', /expected at most the 2 hold/],
      [() => ledger.commit(hold, '-0.5'), 'invalid_amount', /commit\(actual\): expected a non-negative decimal/],
      [() => ledger.commit('999999', '1'), 'hold_not_open', /no hold has id 999999/],
      [() => ledger.commit('abc', '1'), 'invalid_input', /commit\(reservation\): expected a reservation/],
      [() => ledger.release(hold, ''), 'invalid_input', /release\(reason\): expected a string of 1 to 200 characters/],
      [() => ledger.reserve({ accountId: '', amount: '1', idempotencyKey: 'r7' }), 'invalid_input', /reserve\(accountId\)/],
      [() => ledger.reserve({ accountId: 'u', amount: '1', idempotencyKey: 'r8', ttlMs: -5 }), 'invalid_input', /reserve\(ttlMs\)/],
      [() => ledger.grant({ accountId: 'u', amount: '1', idempotencyKey: 'g7', expiresAt: new Date('2020-01-01') }), 'invalid_input', /expected a time after now/],
    ];
    for (const [attempt, code, message] of cases) {
      const error = await attempt().then(() => undefined, (e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(CreditLedgerError);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).toMatch(message);
    }
    expect([await balanceOf('u'), await h.entryCount()]).toEqual(before);
  });

  it('a retried reserve says whether its hold is open, committed, released or expired', async () => {
    await ledger.grant({ accountId: 'u', amount: '10', idempotencyKey: 'g' });
    const reserve = (key: string) => ledger.reserve({ accountId: 'u', amount: '1', idempotencyKey: key });
    expect(await reserve('open')).toMatchObject({ state: 'open' });
    expect(await reserve('open')).toMatchObject({ state: 'open' });
    await ledger.commit(await reserve('done'), '1');
    await ledger.release(await reserve('refunded'), 'ai_timeout');
    await ledger.reserve({ accountId: 'u', amount: '1', idempotencyKey: 'late', ttlMs: 1_000 });
    h.clock.advance(2_000);
    expect(await reserve('done')).toMatchObject({ state: 'committed' });
    expect(await reserve('refunded')).toMatchObject({ state: 'released' });
    // Past its TTL and never swept: the retry expires it and says so.
    expect(await ledger.reserve({ accountId: 'u', amount: '1', idempotencyKey: 'late', ttlMs: 1_000 })).toMatchObject({ state: 'expired' });
    expect(await balanceOf('u')).toMatchObject({ available: '8', committed: '1', held: '1', openHolds: 1 });
  });

  it('refuses an account id that looks like personal data, and no message names the account', async () => {
    const email = 'jane@example.com';
    for (const attempt of [
      () => ledger.grant({ accountId: email, amount: '1', idempotencyKey: 'g-pii' }),
      () => ledger.reserve({ accountId: email, amount: '1', idempotencyKey: 'r-pii' }),
      () => ledger.balance({ accountId: email }),
      () => ledger.grant({ accountId: '+44 20 7946 0958', amount: '1', idempotencyKey: 'g-phone' }),
    ]) {
      const error = await attempt().then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ name: 'CreditLedgerError', code: 'invalid_input' });
      expect((error as Error).message).toMatch(/looks like personal data/);
      expect((error as Error).message).not.toMatch(/jane|example|7946/);
    }
    expect(await h.entryCount()).toBe(0);
    await ledger.grant({ accountId: 'org_secret_name', amount: '1', idempotencyKey: 'g-org' });
    const held = await ledger.reserve({ accountId: 'org_secret_name', amount: '1', idempotencyKey: 'r-org' });
    await ledger.commit(held, '1');
    // Each refusal is caught where it is made: started together, a rejection must never be unhandled.
    const refusals = [
      ledger.reserve({ accountId: 'org_secret_name', amount: '1', idempotencyKey: 'r-more' }),
      ledger.reserve({ accountId: 'org_unknown_name', amount: '1', idempotencyKey: 'r-unknown' }),
      ledger.commit(held, '0.5'),
      ledger.release(held, 'ai_timeout'),
      ledger.grant({ accountId: 'org_other_name', amount: '1', idempotencyKey: 'g-org' }),
      ledger.reserve({ accountId: 'org_other_name', amount: '1', idempotencyKey: 'r-org' }),
    ].map((refusal) => refusal.then(() => undefined, (e: unknown) => e));
    for (const refusal of refusals) {
      const error = await refusal;
      expect(error).toBeInstanceOf(CreditLedgerError);
      expect((error as Error).message).not.toMatch(/secret_name|unknown_name|other_name/);
    }
  });

  it('the tables are insert-only for every client', async () => {
    await ledger.grant({ accountId: 'u', amount: '5', idempotencyKey: 'g' });
    const db = h.database.driver;
    await expect(db.query("UPDATE taxon_credit_entries SET amount = 500")).rejects.toThrow(/insert-only: UPDATE is not allowed/);
    await expect(db.query('DELETE FROM taxon_credit_entries')).rejects.toThrow(/insert-only: DELETE/);
    await expect(db.query('TRUNCATE taxon_credit_entries CASCADE')).rejects.toThrow(/insert-only: TRUNCATE/);
    await expect(db.query("UPDATE taxon_credit_accounts SET account_id = 'x'")).rejects.toThrow(/insert-only/);
    expect((await balanceOf('u')).available).toBe('5');
  });

  it('holds past their TTL are expired by the sweeper once, however many sweep at once', async () => {
    await ledger.grant({ accountId: 'a', amount: '10', idempotencyKey: 'ga' });
    await ledger.grant({ accountId: 'b', amount: '10', idempotencyKey: 'gb' });
    const short = await ledger.reserve({ accountId: 'a', amount: '4', idempotencyKey: 'r1', ttlMs: 1_000 });
    await ledger.reserve({ accountId: 'b', amount: '3', idempotencyKey: 'r2' });
    await ledger.reserve({ accountId: 'a', amount: '1', idempotencyKey: 'r3' });
    expect(await ledger.sweepExpired()).toEqual({ expired: 0, grantsExpired: 0 });
    h.clock.advance(1_000);
    const sweepers = [ledger, await h.another(), await h.another()];
    const swept = await Promise.all(sweepers.map((l) => l.sweepExpired()));
    expect(swept.reduce((n, s) => n + s.expired, 0)).toBe(1);
    expect(await balanceOf('a')).toMatchObject({ available: '9', held: '1', openHolds: 1, expired: '0' });
    await expect(ledger.commit(short, '4')).rejects.toMatchObject({ code: 'hold_not_open', message: expect.stringMatching(/expired at .*raise holdTtlMs/) });
    h.clock.advance(60_000);
    expect(await ledger.sweepExpired()).toEqual({ expired: 2, grantsExpired: 0 });
    expect(await balanceOf('b')).toMatchObject({ available: '10', held: '0', openHolds: 0 });
    expect(await ledger.sweepExpired()).toEqual({ expired: 0, grantsExpired: 0 });
  });

  it('a reserve expires the account’s due holds first, so a leaked hold never blocks it', async () => {
    await ledger.grant({ accountId: 'a', amount: '1', idempotencyKey: 'g' });
    await ledger.reserve({ accountId: 'a', amount: '1', idempotencyKey: 'leaked' });
    await expect(ledger.reserve({ accountId: 'a', amount: '1', idempotencyKey: 'next' })).rejects.toMatchObject({ code: 'insufficient_credits' });
    h.clock.advance(60_000);
    await expect(ledger.reserve({ accountId: 'a', amount: '1', idempotencyKey: 'next' })).resolves.toMatchObject({ amount: '1' });
  });

  it('an expiring grant forfeits only its unspent part, spending the soonest-expiring grant first', async () => {
    await ledger.grant({ accountId: 'a', amount: '10', idempotencyKey: 'monthly', expiresAt: new Date('2026-04-01T00:00:00Z'), reason: 'free_plan_monthly' });
    await ledger.grant({ accountId: 'a', amount: '5', idempotencyKey: 'top-up' });
    const hold = await ledger.reserve({ accountId: 'a', amount: '4', idempotencyKey: 'r1' });
    await ledger.commit(hold, '4');
    await ledger.reserve({ accountId: 'a', amount: '2', idempotencyKey: 'r2', ttlMs: 86_400_000 * 60 });
    h.clock.set('2026-04-01T00:00:00Z');
    expect(await ledger.sweepExpired()).toEqual({ expired: 0, grantsExpired: 1 });
    // 6 of the monthly 10 were spent or held: 4 forfeit, the top-up's 5 stay.
    expect(await balanceOf('a')).toEqual({
      accountId: 'a', available: '5', granted: '15', committed: '4', held: '2', expired: '4', openHolds: 1,
    });
    expect(await ledger.sweepExpired()).toEqual({ expired: 0, grantsExpired: 0 });
  });
});
