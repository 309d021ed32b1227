import { IDENTIFIER_PARAMS, isIdentifier } from './identifier.js';
import { scrubPii } from './scrub.js';
import { scrubUrl as scrubUrlDefault } from './scrub-url.js';

/** Params holding a URL: they get the URL rules (host kept, deny-listed query params, credentials). */
export const URL_PARAMS: ReadonlySet<string> = /* @__PURE__ */ new Set(['page_location', 'page_referrer', 'link_url']);

/** How {@link scrubParam} treats params by name. */
export interface ScrubParamPolicy {
  /** Params holding random ids, kept when {@link isIdentifier} says so. @default IDENTIFIER_PARAMS */
  identifiers?: ReadonlySet<string>;
  /** Scrubs URL params ({@link URL_PARAMS}); a runtime passes its configured scrubber. @default scrubUrl */
  scrubUrl?: (url: string) => string;
}

/**
 * One string param with personal data removed, the same way in every runtime: a URL param gets
 * the URL rules, an identifier param keeps an opaque id ({@link isIdentifier}), anything else
 * gets `scrubPii`. Returns `value` itself when nothing was found.
 *
 * @example scrubParam('note', 'mail jane@example.com') // 'mail [email]'
 * @example scrubParam('transaction_id', 'cs_test_a1B2c3D4e5F6g7H8') // kept
 */
export function scrubParam(key: string, value: string, policy: ScrubParamPolicy = {}): string {
  if (URL_PARAMS.has(key)) return (policy.scrubUrl ?? scrubUrlDefault)(value);
  if ((policy.identifiers ?? IDENTIFIER_PARAMS).has(key) && isIdentifier(value)) return value;
  return scrubPii(value);
}
