import { GA4_LIMITS, MP_LIMITS, scrubParam, setData, type ScrubParamPolicy } from '@taxon/core';
import { refuse, type ParamsResult } from './wire-params.js';

/** Scrubs each string field of an item (truncated to 100 characters) and keeps finite numbers. */
function itemParams(item: unknown, scrub: ScrubParamPolicy): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (item === null || typeof item !== 'object') return out;
  for (const [field, value] of Object.entries(item)) {
    if (typeof value === 'string') setData(out, field, scrubParam(field, value, scrub).slice(0, GA4_LIMITS.paramValue));
    else if (typeof value === 'number' && Number.isFinite(value)) setData(out, field, value);
  }
  return out;
}

/**
 * Checks and scrubs the params of GA4's recommended `purchase` event: `transaction_id` (kept
 * when it is a random id, see `identifierParams`), a finite `value`, an ISO 4217 `currency`, at
 * most 200 `items`.
 * @see https://developers.google.com/analytics/devguides/collection/ga4/reference/events#purchase
 */
export function purchaseParams(params: Record<string, unknown>, scrub: ScrubParamPolicy): ParamsResult {
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (key === 'items') {
      if (!Array.isArray(value) || value.length > MP_LIMITS.maxItems) {
        const detail = `purchase.items must be an array of at most ${MP_LIMITS.maxItems} items.`;
        return refuse('limit_exceeded', detail);
      }
      wire.items = value.map((item) => itemParams(item, scrub));
    } else if (typeof value === 'string') setData(wire, key, scrubParam(key, value, scrub));
    else if (typeof value === 'number' && Number.isFinite(value)) setData(wire, key, value);
    else return refuse('invalid_event', `purchase.${key} must be a string or a finite number.`);
  }
  if (typeof wire.transaction_id !== 'string' || wire.transaction_id === '') {
    return refuse('invalid_event', 'purchase.transaction_id is required: GA4 dedupes purchases by it.');
  }
  if (wire.transaction_id !== params.transaction_id) {
    // Sent scrubbed, every such purchase would share one id and GA4 would merge them.
    return refuse(
      'pii_blocked',
      "purchase.transaction_id looks like personal data or a secret; pass the payment provider's id " +
        '(e.g. a Stripe checkout session id).',
    );
  }
  if (typeof wire.value !== 'number') {
    return refuse('invalid_event', 'purchase.value must be a finite number.');
  }
  if (typeof wire.currency !== 'string' || !/^[A-Z]{3}$/.test(wire.currency)) {
    return refuse('invalid_event', 'purchase.currency must be an ISO 4217 code such as "USD".');
  }
  return { ok: true, params: wire };
}
