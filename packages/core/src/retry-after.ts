// delay-seconds is `1*DIGIT`: "1.5", "-1" and "1e3" are not delay-seconds.
const DELAY_SECONDS = /^\d+$/;
// The three HTTP-date forms: IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, obsolete RFC 850
// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`. Each starts with a day
// name; checking that keeps `Date.parse`'s lenient guesses ("1.5" is a date in V8) out.
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/**
 * Parses an HTTP `Retry-After` value as RFC 9110 section 10.2.3 defines it: delay-seconds (whole
 * seconds, digits only) or an HTTP-date. Returns milliseconds from `now`, never negative, or
 * `undefined` when absent or not one of those forms: a recipient ignores an invalid value, so
 * "1.5" or "-1" means "no advice" and the caller's own backoff applies.
 *
 * @example parseRetryAfter('120', now) // 120000
 * @example parseRetryAfter('1.5', now) // undefined
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
