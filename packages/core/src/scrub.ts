import { isIpv6 } from './lib/ip.js';
import { isLuhnValid } from './lib/luhn.js';

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
  | 'redacted';

const FIELD_NAMES =
  'password|passwd|pwd|pass|token|access_token|refresh_token|id_token|api_key|apikey|secret|' +
  'client_secret|auth|authorization|session_id|sessionid|code|state|otp|email|signature|sig';
// `name: value` is common prose ("error code: timeout"); only these names are redacted after `:`.
const COLON_FIELD_NAMES = 'password|passwd|pwd|token|secret|api_key|apikey|authorization';

const STREET_TYPES =
  'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|' +
  'parkway|pkwy|square|sq|highway|hwy|strasse|straße|allee|rue';

// One alternation, scanned once: at each position the earliest-listed kind wins, so JWTs and keys
// are recognised before their fragments could look like anything else.
const PII = new RegExp(
  [
    /(\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*)/.source,
    /(\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{8,})/.source,
    /(\b(?:[sprk]k|rk)[-_](?:live_|test_|proj-)?[\w-]{12,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abposr]-[A-Za-z0-9-]{10,})/.source,
    /([A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/.source,
    `(\\b(?:(?:${FIELD_NAMES})=|(?:${COLON_FIELD_NAMES}):\\s*)(?!\\[)(?:[Bb]earer\\s+)?[^&\\s#;,]+)`,
    /(\b[A-Z]{2}\d{2} ?(?:[A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}\b)/.source,
    /((?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d))/.source,
    /((?<!\w|[0-9A-Fa-f]:)(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?!\w|:[0-9A-Fa-f]))/.source,
    `(\\b\\d{1,5}[A-Za-z]?\\s+(?:[A-Za-z][a-zà-ÿ'.-]*\\s+){1,4}(?:${STREET_TYPES})\\b\\.?)`,
    /((?<![\w+.-])\+?\(?\d(?:[ .()-]{0,2}\d){7,}(?!\d))/.source,
    /(\b[0-9a-fA-F]{32,}\b)/.source,
    /((?<![\w-])[\w-]{16,})/.source,
  ].join('|'),
  'gi',
);

// Free text without any of these characters or words cannot hold anything PII matches, so the
// common case (plain words) skips the big scan.
const MAYBE_PII = /[\d@=:]|%40|bearer|eyj|[sprk]k[-_]|gh[pousr]_|xox/i;

const IPV4_SOURCE = /(?<!\d)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d)/.source;
const IPV4_INSIDE = new RegExp(IPV4_SOURCE);
const IPV4_INSIDE_ALL = new RegExp(IPV4_SOURCE, 'g');
const DATE_LIKE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)/;

const enum Kind {
  Jwt = 1,
  Bearer,
  Key,
  Email,
  Field,
  Iban,
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
    case Kind.Email:
      return '[email]';
    case Kind.Field: {
      const cut = /=|:\s*/.exec(match);
      return cut ? `${match.slice(0, cut.index + cut[0].length)}[redacted]` : '[redacted]';
    }
    case Kind.Iban:
      // The pattern is case-insensitive, so a random token can take this branch first.
      if (/\d.*\d.*\d/.test(match.slice(4))) return '[iban]';
      return looksRandom(match) ? '[secret]' : match;
    case Kind.Ipv4:
      return '[ip]';
    case Kind.Ipv6:
      if (isIpv6(match)) return '[ip]';
      // A trailing `:` belongs to the sentence ("from ::1: denied"), not to the address.
      return match.endsWith(':') && isIpv6(match.slice(0, -1)) ? '[ip]:' : match;
    case Kind.Address:
      return '[address]';
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

// Card numbers come contiguous or in groups of four (Amex 4-6-5); other groupings of Luhn-valid
// digits are ordinary numbers side by side.
function cardGrouping(groups: number[]): boolean {
  if (groups.length === 1) return true;
  const last = groups[groups.length - 1]!;
  if (groups.slice(0, -1).every((n) => n === 4) && last <= 4) return true;
  return groups.length === 3 && groups[0] === 4 && groups[1] === 6 && (last === 5 || last === 4);
}

// Separated digit groups count as a phone number only in phone-like shapes: NANP 3-3-4 (with an
// optional leading 1) or a national number with a trunk 0; "1000 10000" stays two numbers.
function phoneGrouping(match: string, groups: number[]): boolean {
  const shape = groups.join('-');
  if (shape === '3-3-4' || shape === '1-3-3-4') return true;
  return match.startsWith('0') && groups.length <= 5 && groups.every((n) => n >= 2 && n <= 4);
}

function replaceDigits(match: string): string {
  const digits = match.replace(/\D/g, '');
  const groups = match.split(/\D+/).filter(Boolean).map((g) => g.length);
  const n = digits.length;
  if (n >= 13 && n <= 19 && cardGrouping(groups) && isLuhnValid(digits)) return '[card]';
  if (DATE_LIKE.test(match) && n <= 14) return match;
  if (match.startsWith('+') && n >= 8 && n <= 15) return '[phone]';
  if (match.startsWith('(') && n >= 9 && n <= 15) return '[phone]';
  if (groups.length === 1) return n > 15 ? '[number]' : n >= 9 ? '[phone]' : match;
  if (n >= 9 && n <= 15 && phoneGrouping(match, groups)) return '[phone]';
  // Not one number: an IP address or a phone number may still start inside the run.
  if (IPV4_INSIDE.test(match)) return match.replace(IPV4_INSIDE_ALL, '[ip]');
  const next = match.search(/\D\d/);
  return next === -1 ? match : match.slice(0, next + 1) + scrubPii(match.slice(next + 1));
}

// A token counts as a secret when one of its `-`/`_`-separated pieces is 16+ characters that mix
// digits with letters the way generated keys do; slugs (`how-to-write-2026`), UUIDs and long
// identifiers (`generation_completed_total`) stay readable.
function looksRandom(token: string): boolean {
  for (const piece of token.split(/[-_]/)) {
    if (piece.length < 16) continue;
    const digits = piece.replace(/\D/g, '').length;
    if (digits === 0) continue;
    const upper = /[A-Z]/.test(piece);
    const lower = /[a-z]/.test(piece);
    if ((upper && lower) || digits / piece.length >= 0.25) return true;
  }
  return false;
}

/**
 * Replaces personal data and secrets in free text with a placeholder naming their kind:
 * emails (`[email]`, also `%40`-encoded), phone numbers (`[phone]`), Luhn-valid payment card
 * numbers (`[card]`), other long digit runs (`[number]`), IBANs (`[iban]`), JWTs (`[jwt]`),
 * bearer tokens (`Bearer [token]`), API keys such as `sk-...`/`pk_live_...` and other
 * high-entropy secrets (`[secret]`), IPv4/IPv6 addresses (`[ip]`), street addresses
 * (`[address]`) and the values of `password=`, `token=`, `email=`-style fields (`[redacted]`).
 *
 * Pure and allocation-free for text that cannot hold any of these (no digit, `@`, `=` or `:`).
 *
 * @example scrubPii('mail jane@example.com') // 'mail [email]'
 */
export function scrubPii(value: string): string {
  // Nothing `scrubPii` removes fits in fewer than 3 characters (the shortest is `::1`).
  if (value.length < 3 || !MAYBE_PII.test(value)) return value;
  PII.lastIndex = 0;
  return value.replace(PII, replaceMatch);
}
