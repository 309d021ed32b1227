import { describe, expect, it } from 'vitest';
import {
  addUsageAmounts,
  compareUsageAmounts,
  defineUsageLimits,
  percentOfUsageAmount,
  secondsUntilPeriodEnd,
  subtractUsageAmounts,
  usagePeriodAt,
  usagePeriodSeconds,
  UsageLimitError,
  type UsageLimitsInput,
} from '../src/index.js';

const plans = ['free', 'pro', 'enterprise'] as const;

function problemsOf(input: unknown): string {
  try {
    defineUsageLimits(input as UsageLimitsInput, plans);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageLimitError);
    expect((error as UsageLimitError).code).toBe('invalid_config');
    return (error as Error).message;
  }
  throw new Error('expected defineUsageLimits to throw');
}

describe('defineUsageLimits', () => {
  it('normalises amounts, names policies and defaults the soft limit to 80% of the hard one', () => {
    const limits = defineUsageLimits(
      {
        free: [
          { scope: 'user', unit: 'generations', period: 'day', hard: '25' },
          { scope: 'organization', unit: 'cost', period: 'month', hard: '5.00', soft: '4.5' },
        ],
        pro: [{ scope: 'user', unit: 'tokens', period: 'month', hard: '2000000' }],
        enterprise: [],
      },
      plans,
    );
    expect(limits.byPlan.free).toEqual([
      { scope: 'user', unit: 'generations', period: 'day', hard: '25', soft: '20', policy: 'user-generations-day' },
      { scope: 'organization', unit: 'cost', period: 'month', hard: '5', soft: '4.5', policy: 'organization-cost-month' },
    ]);
    expect(limits.byPlan.pro?.[0]?.soft).toBe('1600000');
    expect(limits.byPlan.enterprise).toEqual([]);
  });

  it('reports every problem at once, each with where and what was expected', () => {
    const message = problemsOf({
      fre: [],
      free: [
        { scope: 'team', unit: 'generations', period: 'week', hard: '-5' },
        { scope: 'user', unit: 'tokens', period: 'day', hard: '10.5' },
        { scope: 'user', unit: 'cost', period: 'day', hard: 1 },
        { scope: 'user', unit: 'cost', period: 'month', hard: '2', soft: '3', extra: true },
      ],
      pro: 'none',
    });
    expect(message).toContain('limits.fre: "fre" is not a plan_type value (expected one of free, pro, enterprise).');
    expect(message).toContain('limits.free[0].scope: expected one of user, organization, got "team".');
    expect(message).toContain('limits.free[0].period: expected one of day, month, got "week".');
    expect(message).toContain(`limits.free[0].hard: expected a positive decimal string such as '20', got "-5".`);
    expect(message).toContain(`limits.free[1].hard: expected a whole number for this unit such as '20', got "10.5".`);
    expect(message).toContain(`limits.free[2].hard: expected a positive decimal string such as '5.00', got 1.`);
    expect(message).toContain('limits.free[3]: unknown key "extra"');
    expect(message).toContain('limits.free[3].soft: expected at most the hard limit 2, got "3".');
    expect(message).toContain('limits.pro: expected a list of limits ([] for none), got "none".');
    expect(message).toContain('limits.enterprise: missing; list the plan\'s limits, or [] for none.');
    expect(message).toContain('A valid example:');
  });

  it('refuses a second limit with the same scope, unit and period', () => {
    const rule = { scope: 'user', unit: 'generations', period: 'day', hard: '10' } as const;
    expect(problemsOf({ free: [rule, { ...rule, hard: '20' }], pro: [], enterprise: [] })).toContain(
      'limits.free[1]: a second user-generations-day limit (the first is limits.free[0]); keep one.',
    );
  });
});

describe('usage periods (UTC)', () => {
  it('a day runs from UTC midnight to the next; Retry-After rounds up and is at least 1', () => {
    const at = new Date('2026-12-31T23:59:59.250Z');
    const day = usagePeriodAt('day', at);
    expect(day).toEqual({ kind: 'day', key: '2026-12-31', start: new Date('2026-12-31T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
    expect(secondsUntilPeriodEnd(day, at)).toBe(1);
    expect(secondsUntilPeriodEnd(day, new Date('2027-01-01T00:00:00Z'))).toBe(1);
    expect(usagePeriodSeconds(day)).toBe(86_400);
  });

  it('a month is the calendar month, February included', () => {
    const feb = usagePeriodAt('month', new Date('2028-02-29T12:00:00Z'));
    expect(feb.key).toBe('2028-02');
    expect(feb.end).toEqual(new Date('2028-03-01T00:00:00Z'));
    expect(usagePeriodSeconds(feb)).toBe(29 * 86_400);
  });
});

describe('usage amounts', () => {
  it('are exact where binary floating point drifts', () => {
    expect(addUsageAmounts('0.1', '0.2')).toBe('0.3');
    expect(compareUsageAmounts(addUsageAmounts('0.1', '0.2'), '0.3')).toBe(0);
    expect(subtractUsageAmounts('5', '4.9999')).toBe('0.0001');
    expect(subtractUsageAmounts('1', '2')).toBe('0');
    expect(percentOfUsageAmount('0.05', 80)).toBe('0.04');
    expect(() => compareUsageAmounts('1e3', '1')).toThrow(/plain decimal string/);
  });
});
