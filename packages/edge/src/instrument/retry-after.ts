import { parseRetryAfter } from '@taxon/core';

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
 * error's `headers`, a {@link ProviderHttpError}, or a thrown `Response`: OpenAI's `retry-after-ms`
 * (milliseconds, not an HTTP header of RFC 9110), else `retry-after` read as RFC 9110 defines it
 * (whole seconds or an HTTP date; "1.5" is not a valid value and is ignored). `undefined` when
 * the error says nothing usable.
 *
 * @example
 * catch (error) { if (classifyError(error) === 'ai_rate_limit') await sleep(retryAfterMs(error) ?? 1000); }
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const msHeader = header(headers as HeaderBag, 'retry-after-ms');
  const ms = Number(msHeader);
  if (msHeader !== undefined && msHeader.trim() !== '' && Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfter(header(headers as HeaderBag, 'retry-after'), now);
}
