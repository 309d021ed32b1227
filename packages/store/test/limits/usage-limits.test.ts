import { afterEach, describe, expect, it } from 'vitest';
import {
  defineUsageLimits,
  isUsageLimitError,
  UsageLimitError,
  type UsageAdmission,
  type UsageAdmitInput,
  type UsageLimitNotice,
  type UsageLimitRuleInput,
} from '@taxon/core';
import { openCreditLedger, openUsageLimits, type SqlDriver, type UsageLimitsStore } from '../../src/index.js';
import { backends, type TestDatabase } from '../lib/postgres-backends.js';

const PLANS = ['free', 'pro', 'enterprise'];

function testClock(start: string) {
  let current = new Date(start).getTime();
  return { now: () => new Date(current), set: (iso: string) => void (current = new Date(iso).getTime()) };
}

interface Harness {
  limiter: UsageLimitsStore;
  /** A second limiter on its own connections (PostgreSQL) and its own ledger: another process. */
  another(): Promise<UsageLimitsStore>;
  notices: UsageLimitNotice[];
  clock: ReturnType<typeof testClock>;
  count(table: 'taxon_credit_entries' | 'taxon_usage_limit_notices'): Promise<number>;
}

describe.each(backends)('usage limits on $name', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  async function open(free: UsageLimitRuleInput[], pro: UsageLimitRuleInput[] = [], start = '2026-12-03T21:00:00Z'): Promise<Harness> {
    database = await backend.open();
    const limits = defineUsageLimits({ free, pro, enterprise: [] }, PLANS);
    const clock = testClock(start);
    const notices: UsageLimitNotice[] = [];
    const on = async (driver: SqlDriver) =>
      openUsageLimits({
        limits,
        driver,
        ledger: await openCreditLedger({ driver, now: clock.now }),
        now: clock.now,
        onNotice: (n) => notices.push(n),
      });
    const db = database;
    return {
      limiter: await on(db.driver),
      another: async () => on(await db.openAnother()),
      notices,
      clock,
      async count(table) {
        const { rows } = await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        return rows[0]!.n;
      },
    };
  }

  const call = (n: number, over: Partial<UsageAdmitInput> = {}): UsageAdmitInput => ({
    plan: 'free',
    userId: 'user_1',
    idempotencyKey: `req-${n}`,
    ...over,
  });

  async function settle(promises: Promise<UsageAdmission>[]) {
    const results = await Promise.allSettled(promises);
    const admitted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    return { admitted, refused };
  }

  it('sends the 80% notice exactly once under 50 concurrent admits from two limiters', async () => {
    const h = await open([{ scope: 'user', unit: 'generations', period: 'day', hard: '60' }]);
    const second = await h.another();
    const { admitted, refused } = await settle(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? h.limiter : second).admit(call(i))),
    );
    expect(refused).toEqual([]);
    expect(admitted).toHaveLength(50);
    const decided = admitted.flatMap((a) => a.notices);
    // Usage crossed the soft limit (48 of 60) once; the hard limit was not reached.
    expect(decided).toEqual([
      { kind: 'approaching', plan: 'free', scope: 'user', unit: 'generations', period: 'day', periodKey: '2026-12-03' },
    ]);
    expect(h.notices).toEqual(decided);
    expect(await h.count('taxon_usage_limit_notices')).toBe(1);
    await Promise.all(admitted.map((a) => h.limiter.commit(a)));
    expect(h.notices).toHaveLength(1);
  });

  it('holds the hard limit under 50 concurrent admits: exactly 10 of 50 pass, 40 get limit_exceeded', async () => {
    const h = await open([{ scope: 'user', unit: 'generations', period: 'day', hard: '10' }]);
    const second = await h.another();
    const { admitted, refused } = await settle(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? h.limiter : second).admit(call(i))),
    );
    expect(admitted).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const error of refused) {
      expect(isUsageLimitError(error) && error.code).toBe('limit_exceeded');
      expect((error as UsageLimitError).refusal).toMatchObject({ scope: 'user', limit: '10', remaining: '0', policy: 'user-generations-day' });
    }
    expect(h.notices.map((n) => n.kind).sort()).toEqual(['approaching', 'reached']);
    expect(await h.count('taxon_usage_limit_notices')).toBe(2);
    // The reached notice rides on exactly one of the refusals or admissions, for the caller to send.
    const carried = [...admitted.flatMap((a) => a.notices), ...refused.flatMap((e) => (e as UsageLimitError).notices)];
    expect(carried.map((n) => n.kind).sort()).toEqual(['approaching', 'reached']);
  });

  it('checks the user and the organization: a refusal by one scope keeps nothing held in the other', async () => {
    const h = await open([
      { scope: 'user', unit: 'generations', period: 'day', hard: '5' },
      { scope: 'organization', unit: 'generations', period: 'month', hard: '8' },
    ]);
    const org = { organizationId: 'org_7' };
    for (let i = 0; i < 5; i++) await h.limiter.admit(call(i, { ...org, userId: 'user_a' }));
    const byUser = await h.limiter.admit(call(5, { ...org, userId: 'user_a' })).catch((e: unknown) => e);
    expect((byUser as UsageLimitError).refusal).toMatchObject({ scope: 'user', period: 'day' });
    for (let i = 10; i < 13; i++) await h.limiter.admit(call(i, { ...org, userId: 'user_b' }));
    const byOrg = await h.limiter.admit(call(13, { ...org, userId: 'user_b' })).catch((e: unknown) => e);
    expect((byOrg as UsageLimitError).refusal).toMatchObject({
      scope: 'organization',
      period: 'month',
      periodKey: '2026-12',
      limit: '8',
      remaining: '0',
      resetsAt: new Date('2027-01-01T00:00:00Z'),
    });
    // user_b's own day allowance (5) kept none of the refused call: 3 used, so 2 more pass the user
    // limit and are refused by the organization, not by the user.
    const again = await h.limiter.admit(call(14, { ...org, userId: 'user_b' })).catch((e: unknown) => e);
    expect((again as UsageLimitError).refusal?.scope).toBe('organization');
    // A user without an organization has no organization limit.
    await expect(h.limiter.admit(call(20, { userId: 'user_c' }))).resolves.toMatchObject({ plan: 'free' });
    // An internal id with ':' names a ledger account the ledger accepts (it refuses non-ids).
    await expect(h.limiter.admit(call(21, { userId: 'tenant:u_9', organizationId: 'org:7' }))).resolves.toMatchObject({ plan: 'free' });
  });

  it('starts again in the next period; Retry-After counts the seconds to the period end', async () => {
    const h = await open([{ scope: 'user', unit: 'generations', period: 'day', hard: '2' }], [], '2026-12-03T23:59:00Z');
    await h.limiter.admit(call(1));
    await h.limiter.admit(call(2));
    const refused = (await h.limiter.admit(call(3)).catch((e: unknown) => e)) as UsageLimitError;
    expect(refused.refusal).toMatchObject({ periodKey: '2026-12-03', retryAfterSeconds: 60, windowSeconds: 86_400 });
    h.clock.set('2026-12-04T00:00:00Z');
    const next = await h.limiter.admit(call(4));
    expect(next.holds[0]?.periodKey).toBe('2026-12-04');
    await h.limiter.admit(call(5));
    expect(h.notices.map((n) => `${n.kind}:${n.periodKey}`)).toEqual([
      'approaching:2026-12-03',
      'reached:2026-12-03',
      'approaching:2026-12-04',
      'reached:2026-12-04',
    ]);
  });

  it('settles tokens at the actual: less returns, more takes what is left and reports the overshoot', async () => {
    const h = await open([{ scope: 'user', unit: 'tokens', period: 'month', hard: '1000' }]);
    const first = await h.limiter.admit(call(1, { estimate: { tokens: '400' } }));
    expect(await h.limiter.commit(first, { tokens: '300' })).toEqual({ notices: [], overshoot: [] });
    const second = await h.limiter.admit(call(2, { estimate: { tokens: '500' } }));
    // 300 used + 500 held reach the soft limit (800) at admit.
    expect(second.notices.map((n) => n.kind)).toEqual(['approaching']);
    const settled = await h.limiter.commit(second, { tokens: '900' });
    // 300 + 900 = 1200 used against 1000: 700 was left, 200 of the excess is counted nowhere.
    expect(settled.overshoot).toEqual([{ policy: 'user-tokens-month', amount: '200' }]);
    expect(settled.notices.map((n) => n.kind)).toEqual(['reached']);
    const refused = (await h.limiter.admit(call(3, { estimate: { tokens: '1' } })).catch((e: unknown) => e)) as UsageLimitError;
    expect(refused.refusal?.remaining).toBe('0');
    // A retried commit moves nothing twice and decides no notice again.
    const entries = await h.count('taxon_credit_entries');
    expect((await h.limiter.commit(second, { tokens: '900' })).notices).toEqual([]);
    expect(await h.count('taxon_credit_entries')).toBe(entries);
  });

  it('release returns the hold; a retried admit with one key holds once', async () => {
    const h = await open([{ scope: 'user', unit: 'cost', period: 'month', hard: '0.05' }]);
    const a = await h.limiter.admit(call(1, { estimate: { cost: '0.03' } }));
    const retry = await h.limiter.admit(call(1, { estimate: { cost: '0.03' } }));
    expect(retry.holds[0]?.hold.id).toBe(a.holds[0]?.hold.id);
    await expect(h.limiter.admit(call(2, { estimate: { cost: '0.03' } }))).rejects.toMatchObject({ code: 'limit_exceeded' });
    await h.limiter.release(a, 'ai_timeout');
    const b = await h.limiter.admit(call(2, { estimate: { cost: '0.03' } }));
    await h.limiter.commit(b, { cost: '0.0125' });
    await expect(h.limiter.admit(call(3, { estimate: { cost: '0.0375' } }))).resolves.toMatchObject({ plan: 'free' });
  });

  it('an upgrade mid-period raises the allowance to the new plan, once', async () => {
    const h = await open(
      [{ scope: 'user', unit: 'generations', period: 'day', hard: '2' }],
      [{ scope: 'user', unit: 'generations', period: 'day', hard: '4' }],
    );
    await h.limiter.admit(call(1));
    await h.limiter.admit(call(2));
    await expect(h.limiter.admit(call(3))).rejects.toMatchObject({ code: 'limit_exceeded' });
    await h.limiter.admit(call(4, { plan: 'pro' }));
    await h.limiter.admit(call(5, { plan: 'pro' }));
    const refused = (await h.limiter.admit(call(6, { plan: 'pro' })).catch((e: unknown) => e)) as UsageLimitError;
    expect(refused.refusal).toMatchObject({ plan: 'pro', limit: '4', remaining: '0' });
  });

  it('bad input gets a typed error naming the field and changes nothing', async () => {
    const h = await open([{ scope: 'user', unit: 'tokens', period: 'day', hard: '1000' }]);
    const cases: [Partial<UsageAdmitInput>, string, RegExp][] = [
      [{ plan: 'gold' }, 'unknown_plan', /plan "gold" is not a plan_type value \(expected one of free, pro, enterprise\)/],
      [{ userId: 'jane@example.com', estimate: { tokens: '10' } }, 'invalid_input', /userId: expected an internal id/],
      [{ estimate: { tokens: '-5' } }, 'invalid_input', /estimate.tokens: expected a positive decimal string such as '1200'/],
      [{ estimate: { tokens: '10.5' } }, 'invalid_input', /estimate.tokens/],
      [{}, 'invalid_input', /estimate.tokens: .*got undefined/],
      [{ idempotencyKey: '', estimate: { tokens: '10' } }, 'invalid_input', /idempotencyKey: expected a non-empty string/],
    ];
    for (const [over, code, message] of cases) {
      const error = await h.limiter.admit(call(1, over)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageLimitError);
      expect((error as UsageLimitError).code).toBe(code);
      expect((error as Error).message).toMatch(message);
    }
    expect(await h.count('taxon_credit_entries')).toBe(0);
    const admitted = await h.limiter.admit(call(2, { estimate: { tokens: '100' } }));
    const entries = await h.count('taxon_credit_entries');
    await expect(h.limiter.commit(admitted, { tokens: 'lots' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(h.limiter.commit(admitted, {})).rejects.toThrow(/actual.tokens/);
    await expect(h.limiter.release(admitted, '')).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await h.count('taxon_credit_entries')).toBe(entries);
    expect(await h.count('taxon_usage_limit_notices')).toBe(0);
  });
});
