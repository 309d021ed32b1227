import { IPV4, isIpv6 } from './lib/ip.js';
import { ADDRESS, replaceAddress } from './lib/pii/address.js';
import { replaceDigits } from './lib/pii/digits.js';
import { looksRandom } from './lib/pii/looks-random.js';
import { isNationalIdCode, NATIONAL_ID_CODE } from './lib/pii/national-id.js';

/**
 * The placeholders `scrubPii` writes in place of what it removes. A placeholder names the kind
 * of value that was there, never any part of it.
 */
export type PiiKind =
  | 'email'
  | 'phone'
  | 'card'
  | 'number'
  | 'iban'
  | 'jwt'
  | 'token'
  | 'secret'
  | 'ip'
  | 'address'
  | 'national_id'
  | 'redacted';

// Every pattern below that is composed from others is built inside a function called through
// `/* @__PURE__ */`: a bundler keeps a top-level template literal or `new RegExp(...)` it cannot
// prove free of side effects, and with it the whole scrubber in bundles that never call it
// (core's `dist` is one file, so `sideEffects: false` alone does not drop it).
// test/scrub-tree-shaking.test.ts holds this.

// `name=value` and `name: value` fields whose value is a secret or personal. Any name holding
// one of these fragments counts (`aws_secret_access_key`, `DB_PASSWORD`, `x_api_key`). It starts
// where a name starts: trying it inside `a-b-c-...` at every `-` would take quadratic time.
const SECRET_NAME = '(?<![\\w-])[\\w-]*(?:secret|passw|api_?key|private_?key|access_?key|credential)[\\w-]*';
const FIELD = /* @__PURE__ */ (() => {
  const names =
    `${SECRET_NAME}|pwd|pw|pswd|pass|passphrase|passcode|token|access_token|refresh_token|id_token|` +
    'auth|authorization|session_id|sessionid|code|state|otp|email|signature|sig';
  // `name: value` is common prose ("error code: timeout"); only these names are redacted after `:`.
  const colonNames = `${SECRET_NAME}|pwd|pw|pswd|passphrase|token|authorization`;
  return new RegExp(`\\b(?:(?:${names})=|(?:${colonNames})"?\\s*:\\s*"?)(?!\\[)(?:[Bb]earer\\s+)?[^&\\s#;,"]+`);
})();

// Emails have their own pass, taken only when the text has an `@` (or `%40`, `＠`, `[at]`): its
// letters of every script make it the costliest pattern to try at each position. The local part
// starts where a run of its characters starts (trying every position of `a.a.a.a...` would take
// quadratic time).
const EMAIL = /* @__PURE__ */ (() => {
  // Letters of other scripts (jürgen@, 山田@例え.jp, иван@пример.рф): Latin-1 to Greek Extended,
  // CJK and Hangul, compatibility and full-width letters. Punctuation blocks (U+2000-U+2BFF,
  // U+3000-U+303F) are left out so `me—jane@x.io` keeps `me`.
  const intl = '\\u00C0-\\u1FFF\\u3040-\\uD7FF\\uF900-\\uFDCF\\uFE70-\\uFEFF\\uFF21-\\uFFDC';
  return new RegExp(
    `(?<![\\w.%+${intl}-])[\\w.%+${intl}-]+(?:@|%40|\\uFF20|\\s?[[(][aA][tT][\\])]\\s?)` +
      `[A-Za-z0-9${intl}-]+(?:\\.[A-Za-z0-9${intl}-]+)*\\.(?:[A-Za-z]{2,}|[${intl}]{2,})`,
    'g',
  );
})();
const MAYBE_EMAIL = /@|%40|\uFF20|[[(]at[\])]/i;

// An IPv4 address not inside a version, a longer dotted number or a path (`v1.2.3.4`, `a/1.2.3.4`).
const IPV4_ALONE = /* @__PURE__ */ (() => new RegExp(`(?<![\\w.]|[A-Za-z]\\/)${IPV4}(?!\\w|\\.\\d)`))();

// Colon-separated hex groups that may be an IPv6 address (isIpv6 decides), not inside a longer
// run of them: up to eight colons (`1:2:3:4:5:6:7::`), the last group possibly a dotted IPv4
// address (`::ffff:192.0.2.1`), which must end there (`::ffff:1.2.3.4.5` is no address).
const IPV6_CANDIDATE = /* @__PURE__ */ (() =>
  new RegExp(`(?<!\\w|[0-9A-Fa-f]:)(?:[0-9A-Fa-f]{0,4}:){2,8}(?:${IPV4}|[0-9A-Fa-f]{0,4})(?!\\w|:[0-9A-Fa-f]|\\.\\d)`))();

// What a detector writes in place of its match: a placeholder, or a function that checks the
// match and returns a placeholder, the match itself (a false alarm) or a rescan of its rest.
type Replace = string | ((match: string) => string);

// The detectors, as one alternation scanned once: at each position the earliest-listed one wins,
// so JWTs and keys are recognised before their fragments could look like anything else. Each
// pattern becomes one numbered capture group (named groups would make V8 build a groups object
// for every match), so a pattern must not capture itself: `(?:...)` only. Their flags are
// ignored: the alternation is case-insensitive.
const DETECTORS: readonly (readonly [pattern: RegExp, replace: Replace])[] = [
  // JWT: three base64url parts, the header a JSON object (`{"` encodes as `eyJ`).
  [/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/, '[jwt]'],
  [/\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{8,}/, 'Bearer [token]'],
  // API keys by their vendor prefix: Stripe/OpenAI, GitHub, AWS, Google, Slack.
  [
    /\b(?:[sprk]k|rk)[-_](?:live_|test_|proj-)?[\w-]{12,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bAKIA[0-9A-Z]{16}\b|\bAIza[\w-]{35}|\bxox[abposr]-[A-Za-z0-9-]{10,}/,
    '[secret]',
  ],
  [
    FIELD,
    // The pattern holds a `=` or `:` after the name: the name and that separator are kept.
    (match) => {
      const cut = /[=:]\s*"?/.exec(match)!;
      return `${match.slice(0, cut.index + cut[0].length)}[redacted]`;
    },
  ],
  [
    /\b[A-Z]{2}\d{2} ?(?:[A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}\b/,
    // The pattern is case-insensitive, so a random token can take this branch first.
    (match) => (/\d.*\d.*\d/.test(match.slice(4)) ? '[iban]' : looksRandom(match) ? '[secret]' : match),
  ],
  [
    NATIONAL_ID_CODE,
    // A shape that failed its check (a DNI with the wrong letter) may hold something else after
    // its first character.
    (match) => (isNationalIdCode(match) ? '[national_id]' : match[0]! + scrubPii(match.slice(1))),
  ],
  [IPV4_ALONE, '[ip]'],
  [
    IPV6_CANDIDATE,
    // A trailing `:` belongs to the sentence ("from ::1: denied"), not to the address.
    (match) => (isIpv6(match) ? '[ip]' : match.endsWith(':') && isIpv6(match.slice(0, -1)) ? '[ip]:' : match),
  ],
  [ADDRESS, (match) => replaceAddress(match, scrubPii)],
  // 8+ digits with separators: card, national id, phone, long number, or kept (dates, decimals).
  [/(?<![\w+.-]|\d[,:])\+?\(?\d(?:[ ./()-]{0,2}\d){7,}(?!\d)/, replaceDigits],
  [/\b[0-9a-fA-F]{32,}\b/, '[secret]'],
  [/(?<![\w-])[\w-]{16,}/, (match) => (looksRandom(match) ? '[secret]' : match)],
];

const PII = /* @__PURE__ */ (() => new RegExp(DETECTORS.map(([pattern]) => `(${pattern.source})`).join('|'), 'gi'))();

// Free text without any of these characters or words cannot hold anything PII matches, so the
// common case (plain words) skips the big scan.
const MAYBE_PII = /[\d@=:\uFF20]|%40|[[(]at[\])]|bearer|eyj|[sprk]k[-_]|gh[pousr]_|xox/i;

// Exactly one group holds the match: the detector's.
function replaceMatch(match: string, ...groups: unknown[]): string {
  const replace = DETECTORS[groups.findIndex((group) => group !== undefined)]![1];
  return typeof replace === 'string' ? replace : replace(match);
}

/**
 * Replaces personal data and secrets in free text with a placeholder naming their kind:
 * emails (`[email]`, also `%40`-encoded and with non-ASCII names or domains), phone numbers with
 * or without a country code (`[phone]`), Luhn-valid payment card numbers (`[card]`), national
 * identifiers such as a US SSN, UK National Insurance number, Spanish DNI, Brazilian CPF or
 * Indian Aadhaar (`[national_id]`), other long digit runs (`[number]`), IBANs (`[iban]`), JWTs
 * (`[jwt]`), bearer tokens (`Bearer [token]`), API keys such as `sk-...`/`pk_live_...` and other
 * high-entropy secrets (`[secret]`), IPv4/IPv6 addresses (`[ip]`), street addresses with the
 * number first or last (`[address]`) and the values of `password=`, `aws_secret_access_key=`,
 * `token:`-style fields (`[redacted]`). Dates, decimals (exact costs), Unix times, versions and
 * CamelCase identifiers are kept. See `docs/privacy.md` for the classes and the measured
 * false-positive budget.
 *
 * Pure and allocation-free for text that cannot hold any of these (no digit, `@`, `=` or `:`).
 *
 * @example scrubPii('mail jane@example.com') // 'mail [email]'
 */
export function scrubPii(value: string): string {
  // Nothing `scrubPii` removes fits in fewer than 3 characters (the shortest is `::1`).
  if (value.length < 3 || !MAYBE_PII.test(value)) return value;
  const text = MAYBE_EMAIL.test(value) ? value.replace(EMAIL, '[email]') : value;
  return text.replace(PII, replaceMatch);
}
