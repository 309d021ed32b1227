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
