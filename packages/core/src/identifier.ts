import { scrubPii } from './scrub.js';

// Opaque ids use letters, digits and `._:-` (GA client ids `123.456`, Stripe `cs_test_...`).
const IDENTIFIER = /^[A-Za-z0-9._:-]{1,256}$/;
// Shapes of API keys and tokens: secrets even where an identifier is expected.
const SECRET_SHAPE = /^(?:[sprk]k|rk|whsec|gh[pousr]|xox[abposr])[-_]|^AKIA|^eyJ/;
// What scrubPii makes of random ids (`1234567890.[phone]` for a GA client id): digit runs and
// high-entropy pieces, never an email, card, address or key.
const ONLY_ID_PLACEHOLDERS = /^(?:[A-Za-z0-9._:-]*\[(?:secret|number|phone)\][A-Za-z0-9._:-]*)+$/;
// GA's session id is a Unix time in seconds: scrubPii reads 10 digits as a phone number.
const DIGITS = /^\d{1,12}$/;

/**
 * Params that hold random identifiers, not personal data: GA's session and ad-click ids, payment
 * ids (GA4 dedupes purchases by `transaction_id`), correlation and metric ids.
 */
export const IDENTIFIER_PARAMS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'session_id', 'ga_session_id', 'transaction_id', 'correlation_id', 'metric_id', 'item_id',
  'gclid', 'dclid', 'gbraid', 'wbraid', 'srsltid',
]);

/**
 * The identifier-versus-PII policy, the same in every runtime: whether `value`, found where an id
 * is expected (`client_id`, `user_id`, an identifier param), is an opaque id that is sent and
 * stored as is. It is when it is made of letters, digits and `._:-` (at most 256), is not shaped
 * like an API key or token, and `scrubPii` finds nothing in it but what random ids look like
 * (digit runs, high-entropy runs). An email, phone number with `+`, card or key is never an id.
 *
 * @example isIdentifier('cs_test_a1B2c3D4e5F6g7H8') // true
 * @example isIdentifier('jane@example.com') // false
 */
export function isIdentifier(value: string): boolean {
  if (DIGITS.test(value)) return true;
  if (!IDENTIFIER.test(value) || SECRET_SHAPE.test(value)) return false;
  const scrubbed = scrubPii(value);
  return scrubbed === value || ONLY_ID_PLACEHOLDERS.test(scrubbed);
}
