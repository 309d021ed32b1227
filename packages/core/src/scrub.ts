import { isIpv6 } from './lib/ip.js';
import { ADDRESS_SOURCES, replaceAddress } from './lib/pii/address.js';
import { replaceDigits } from './lib/pii/digits.js';
import { looksRandom } from './lib/pii/looks-random.js';
import { isNationalIdCode } from './lib/pii/national-id.js';

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

// `name=value` and `name: value` fields whose value is a secret or personal. Any name holding
// one of these fragments counts (`aws_secret_access_key`, `DB_PASSWORD`, `x_api_key`). It starts
// where a name starts: trying it inside `a-b-c-...` at every `-` would take quadratic time.
const SECRET_NAME = '(?<![\\w-])[\\w-]*(?:secret|passw|api_?key|private_?key|access_?key|credential)[\\w-]*';
const FIELD_NAMES =
  `${SECRET_NAME}|pwd|pw|pswd|pass|passphrase|passcode|token|access_token|refresh_token|id_token|` +
  'auth|authorization|session_id|sessionid|code|state|otp|email|signature|sig';
// `name: value` is common prose ("error code: timeout"); only these names are redacted after `:`.
const COLON_FIELD_NAMES = `${SECRET_NAME}|pwd|pw|pswd|passphrase|token|authorization`;

// Letters of other scripts in emails (jürgen@, 山田@例え.jp, иван@пример.рф): Latin-1 to Greek
// Extended, CJK and Hangul, compatibility and full-width letters. Punctuation blocks
// (U+2000-U+2BFF, U+3000-U+303F) are left out so `me—jane@x.io` keeps `me`.
const INTL = '\\u00C0-\\u1FFF\\u3040-\\uD7FF\\uF900-\\uFDCF\\uFE70-\\uFEFF\\uFF21-\\uFFDC';

// Emails have their own pass, taken only when the text has an `@` (or `%40`, `＠`, `[at]`): its
// letters of every script make it the costliest pattern to try at each position. The local part
// starts where a run of its characters starts (trying every position of `a.a.a.a...` would take
// quadratic time).
const EMAIL = new RegExp(
  `(?<![\\w.%+${INTL}-])[\\w.%+${INTL}-]+(?:@|%40|\\uFF20|\\s?[[(][aA][tT][\\])]\\s?)` +
    `[A-Za-z0-9${INTL}-]+(?:\\.[A-Za-z0-9${INTL}-]+)*\\.(?:[A-Za-z]{2,}|[${INTL}]{2,})`,
  'g',
);
const MAYBE_EMAIL = /@|%40|\uFF20|[[(]at[\])]/i;

// One alternation, scanned once: at each position the earliest-listed kind wins, so JWTs and keys
// are recognised before their fragments could look like anything else.
const PII = new RegExp(
  [
    /(\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*)/.source,
    /(\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{8,})/.source,
    /(\b(?:[sprk]k|rk)[-_](?:live_|test_|proj-)?[\w-]{12,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bAKIA[0-9A-Z]{16}\b|\bAIza[\w-]{35}|\bxox[abposr]-[A-Za-z0-9-]{10,})/.source,
    `(\\b(?:(?:${FIELD_NAMES})=|(?:${COLON_FIELD_NAMES})"?\\s*:\\s*"?)(?!\\[)(?:[Bb]earer\\s+)?[^&\\s#;,"]+)`,
    /(\b[A-Z]{2}\d{2} ?(?:[A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}\b)/.source,
    /(\b[A-Z]{2} ?\d\d ?\d\d ?\d\d ?[A-D]\b|\b(?:[XYZ]-?\d{7}|\d{8})-?[A-Z]\b|\b[A-Z]{5}\d{4}[A-Z]\b|\b[A-Z]{6}\d\d[A-Z]\d\d[A-Z]\d{3}[A-Z]\b)/.source,
    /((?<![\w.]|[A-Za-z]\/)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d))/.source,
    /((?<!\w|[0-9A-Fa-f]:)(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?!\w|:[0-9A-Fa-f]))/.source,
    `(${ADDRESS_SOURCES.join('|')})`,
    /((?<![\w+.-]|\d[,:])\+?\(?\d(?:[ ./()-]{0,2}\d){7,}(?!\d))/.source,
    /(\b[0-9a-fA-F]{32,}\b)/.source,
    /((?<![\w-])[\w-]{16,})/.source,
  ].join('|'),
  'gi',
);

// Free text without any of these characters or words cannot hold anything PII matches, so the
// common case (plain words) skips the big scan.
const MAYBE_PII = /[\d@=:\uFF20]|%40|[[(]at[\])]|bearer|eyj|[sprk]k[-_]|gh[pousr]_|xox/i;

const enum Kind {
  Jwt = 1,
  Bearer,
  Key,
  Field,
  Iban,
  NationalId,
  Ipv4,
  Ipv6,
  Address,
  Digits,
  Hex,
  Entropy,
}

// Numbered groups, one per kind in the order of the alternation: named groups would make V8
// build a groups object for every match.
function replaceMatch(match: string, ...groups: unknown[]): string {
  let kind = 0;
  for (let i = 0; i < Kind.Entropy; i++) {
    if (groups[i] !== undefined) {
      kind = i + 1;
      break;
    }
  }
  switch (kind) {
    case Kind.Jwt:
      return '[jwt]';
    case Kind.Bearer:
      return 'Bearer [token]';
    case Kind.Key:
      return '[secret]';
    case Kind.Field: {
      const cut = /[=:]\s*"?/.exec(match);
      return cut ? `${match.slice(0, cut.index + cut[0].length)}[redacted]` : '[redacted]';
    }
    case Kind.Iban:
      // The pattern is case-insensitive, so a random token can take this branch first.
      if (/\d.*\d.*\d/.test(match.slice(4))) return '[iban]';
      return looksRandom(match) ? '[secret]' : match;
    case Kind.NationalId:
      return isNationalIdCode(match) ? '[national_id]' : rescanAfterFirst(match);
    case Kind.Ipv4:
      return '[ip]';
    case Kind.Ipv6:
      if (isIpv6(match)) return '[ip]';
      // A trailing `:` belongs to the sentence ("from ::1: denied"), not to the address.
      return match.endsWith(':') && isIpv6(match.slice(0, -1)) ? '[ip]:' : match;
    case Kind.Address:
      return replaceAddress(match, scrubPii);
    case Kind.Digits:
      return replaceDigits(match);
    case Kind.Hex:
      return '[secret]';
    case Kind.Entropy:
      return looksRandom(match) ? '[secret]' : match;
    default:
      return match;
  }
}

// A shape that matched but failed its check (a DNI with the wrong letter) may still hold something else after its first character.
function rescanAfterFirst(match: string): string {
  return match[0]! + scrubPii(match.slice(1));
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
