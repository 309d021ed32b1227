// The usage periods of fair-use limits: the UTC day and the UTC calendar month. A period is named
// by its key ('2026-12-03', '2026-12'), which is part of the allowance account's id, so a new
// period is a new account and nothing has to be reset at midnight.

/** How long an allowance lasts before it starts again from zero. */
export type UsagePeriodKind = 'day' | 'month';

/** One concrete period. */
export interface UsagePeriod {
  /** `'day'` or `'month'`. */
  kind: UsagePeriodKind;
  /** `'2026-12-03'` for a day, `'2026-12'` for a month (UTC). */
  key: string;
  /** The first instant of the period (inclusive). */
  start: Date;
  /** The first instant of the next period (exclusive): when the allowance starts again. */
  end: Date;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The UTC day or calendar month that contains `at`. */
export function usagePeriodAt(kind: UsagePeriodKind, at: Date): UsagePeriod {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  if (kind === 'month') {
    return {
      kind,
      key: `${year}-${pad(month + 1)}`,
      start: new Date(Date.UTC(year, month, 1)),
      end: new Date(Date.UTC(year, month + 1, 1)),
    };
  }
  const day = at.getUTCDate();
  return {
    kind,
    key: `${year}-${pad(month + 1)}-${pad(day)}`,
    start: new Date(Date.UTC(year, month, day)),
    end: new Date(Date.UTC(year, month, day + 1)),
  };
}

/**
 * Whole seconds from `now` to the end of `period`, at least 1: the `Retry-After` of a refusal
 * (RFC 9110 delay-seconds are whole; rounding up never invites a retry before the reset).
 */
export function secondsUntilPeriodEnd(period: UsagePeriod, now: Date): number {
  return Math.max(1, Math.ceil((period.end.getTime() - now.getTime()) / 1000));
}

/** The period's length in seconds (a calendar month is 28 to 31 days): the `w` of `RateLimit-Policy`. */
export function usagePeriodSeconds(period: UsagePeriod): number {
  return Math.round((period.end.getTime() - period.start.getTime()) / 1000);
}
