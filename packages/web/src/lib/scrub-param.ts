import { copyData, scrubParam as scrubParamCore, scrubPii, URL_PARAMS } from '@taxon/core';

// The policy lives in @taxon/core (the MP client and the collector use the same); these keep the
// browser runtime's call shapes.
export { URL_PARAMS };

/**
 * One string param with PII removed by core's one policy: URL params get `scrubUrl`, an
 * identifier param (`transaction_id`, `correlation_id`...) keeps an opaque id, anything else gets
 * `scrubPii`. Returns `value` itself when nothing was found.
 */
export function scrubParam(key: string, value: string, scrubUrl: (url: string) => string): string {
  return scrubParamCore(key, value, { scrubUrl });
}

/**
 * Scrubs every string inside an array or object param (custom dimensions sent as items). Keys
 * such as `__proto__` are copied as data, never assigned as prototypes.
 */
export function scrubDeep(value: unknown): unknown {
  return copyData(value, scrubPii);
}
