type HeaderBag = { get(name: string): string | null } | Record<string, unknown>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * How long a rate-limited (429) or overloaded provider asks to wait, in milliseconds, from an SDK
 * error's `headers`, a {@link ProviderHttpError}, or a thrown `Response`: OpenAI's `retry-after-ms`,
 * else `retry-after` in seconds or as an HTTP date. `undefined` when the error says nothing.
 *
 * @example
 * catch (error) { if (classifyError(error) === 'ai_rate_limit') await sleep(retryAfterMs(error) ?? 1000); }
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const ms = Number(header(headers as HeaderBag, 'retry-after-ms'));
  if (header(headers as HeaderBag, 'retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const after = header(headers as HeaderBag, 'retry-after');
  if (after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
