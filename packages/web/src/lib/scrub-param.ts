import { scrubPii } from '@taxon/core';

/** Params holding a URL: they get the URL rules (deny-listed query params, credentials). */
export const URL_PARAMS: ReadonlySet<string> = new Set(['page_location', 'page_referrer', 'link_url']);

// Stripe object ids are opaque by construction; the high-entropy rule would otherwise eat them.
const STRIPE_ID = /^(cs|in|pi|ch|re|sub)_[A-Za-z0-9_]{8,120}$/;

/**
 * One string param with PII removed: URL params get `scrubUrl`, a Stripe `transaction_id` is
 * kept, anything else gets `scrubPii`. Returns `value` itself when nothing was found.
 */
export function scrubParam(key: string, value: string, scrubUrl: (url: string) => string): string {
  if (URL_PARAMS.has(key)) return scrubUrl(value);
  if (key === 'transaction_id' && STRIPE_ID.test(value)) return value;
  return scrubPii(value);
}

/** Scrubs every string inside an array or object param (custom dimensions sent as items). */
export function scrubDeep(value: unknown): unknown {
  if (typeof value === 'string') return scrubPii(value);
  if (Array.isArray(value)) return value.map(scrubDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v);
    return out;
  }
  return value;
}
