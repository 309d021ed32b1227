/** Retry policy of a transport: exponential backoff with full jitter. */
export interface RetryOptions {
  /** Attempts per batch, the first included; 1 disables retries. @default 5 */
  maxAttempts?: number;
  /** Backoff ceiling before jitter for the first retry, doubled for each next one. @default 500 */
  baseDelayMs?: number;
  /**
   * Largest backoff ceiling; a `Retry-After` may ask for longer (the budget still applies).
   * @default 30000
   */
  maxDelayMs?: number;
}

/**
 * Milliseconds to wait before retry number `attempt` (1 after the first failure), or `undefined`
 * when the attempts are used up. Full jitter: a uniform draw in [0, min(max, base * 2^(n-1))]
 * (AWS Architecture Blog, "Exponential Backoff And Jitter"). A server's `Retry-After` wins when
 * it is longer.
 */
export function computeRetryDelay(
  attempt: number,
  retry: RetryOptions | undefined,
  random: number,
  retryAfterMs: number | undefined,
): number | undefined {
  const maxAttempts = retry?.maxAttempts ?? 5;
  if (attempt >= maxAttempts) return undefined;
  const base = retry?.baseDelayMs ?? 500;
  const max = retry?.maxDelayMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  const backoff = Math.floor(random * ceiling);
  return retryAfterMs === undefined ? backoff : Math.max(backoff, retryAfterMs);
}

/**
 * Parses an HTTP `Retry-After` header (RFC 9110 section 10.2.3): delay-seconds or an HTTP date.
 * Returns milliseconds from `now`, never negative, or `undefined` when absent or unparsable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
