import { isLuhnValid } from '../luhn.js';
import { isNationalIdNumber } from './national-id.js';

const IPV4_SOURCE = /(?<!\d)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d)/.source;
const IPV4_INSIDE = new RegExp(IPV4_SOURCE);
const IPV4_INSIDE_ALL = new RegExp(IPV4_SOURCE, 'g');
// ISO dates and day-first dates (`05.12.2026`): with a time after them they would reach ten digits.
const DATE_LIKE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?!\d)/;
// A decimal number: exact costs carry up to 20 fraction digits (`0.000123456789012345`). A
// leading `0` followed by more digits is a trunk prefix (`030.12345678`), not a decimal.
const DECIMAL = /^(?:0|[1-9]\d{0,19})\.\d+$/;

// Card numbers come contiguous or in groups of four (Amex 4-6-5); other groupings of Luhn-valid
// digits are ordinary numbers side by side.
function cardGrouping(groups: number[]): boolean {
  if (groups.length === 1) return true;
  const last = groups[groups.length - 1]!;
  if (groups.slice(0, -1).every((n) => n === 4) && last <= 4) return true;
  return groups.length === 3 && groups[0] === 4 && groups[1] === 6 && (last === 5 || last === 4);
}

// Groupings national numbers are written in without a country code (beyond those with a trunk
// 0), each with the first digits it may start with, so "10000 10000" stays two numbers: NANP
// and Italy 3-3-4; China 3-4-4 (mobile 13x-19x); Mexico and Brazil 2-4-4, 2-5-4; India 5-5
// (mobile 6-9); Spain, Poland 3-3-3 and 3-2-2-2 (mobile 5-9); Russia 3-3-2-2 and 1-3-3-2-2
// (trunk 8).
const PHONE_SHAPES: Record<string, RegExp> = {
  '3-3-4': /^\(?[2-9]/,
  '1-3-3-4': /^1/,
  '3-4-4': /^1[3-9]/,
  '2-4-4': /^[1-9]/,
  '2-5-4': /^[1-9]/,
  '5-5': /^[6-9]/,
  // Also a number with space thousands separators: only mobile prefixes, no `.` or `,`.
  '3-3-3': /^[5-9]\d\d[ -]\d+[ -]\d+$/,
  '3-2-2-2': /^[5-9]/,
  '3-3-2-2': /^9/,
  '1-3-3-2-2': /^[78]/,
};

// Separated digit groups count as a phone number only in phone-like shapes. A trunk `0` (UK
// 07700 900123, Germany 030 12345678, France 06 12 34 56 78) allows any grouping of two to five
// groups.
function phoneGrouping(match: string, groups: number[], shape: string): boolean {
  if (match.startsWith('0')) return groups.length <= 5 && groups[0]! <= 5 && groups.every((n) => n >= 2 && n <= 8);
  return PHONE_SHAPES[shape]?.test(match) ?? false;
}

/**
 * The replacement for a run of 8+ digits with separators (` .()-`): a card, national id, phone
 * number or long number placeholder, or the run itself when it is a date, decimal, timestamp or
 * several numbers side by side. `rescan` scrubs what follows the first number of such a run.
 */
export function replaceDigits(match: string, rescan: (text: string) => string): string {
  if (DECIMAL.test(match)) return match;
  const digits = match.replace(/\D/g, '');
  const groups = match.split(/\D+/).filter(Boolean).map((g) => g.length);
  const shape = groups.join('-');
  const n = digits.length;
  if (n >= 13 && n <= 19 && cardGrouping(groups) && isLuhnValid(digits)) return '[card]';
  const date = DATE_LIKE.exec(match);
  if (date) {
    if (n <= 14) return match;
    // A date, then more: the rest is read on its own (`2026-11-23 07700 900123`).
    const rest = date[0].length + /^\D*/.exec(match.slice(date[0].length))![0].length;
    return match.slice(0, rest) + rescan(match.slice(rest));
  }
  if (match.startsWith('+') && n >= 8 && n <= 15) return '[phone]';
  if (match.startsWith('(') && n >= 9 && n <= 15) return '[phone]';
  if (groups.length === 1) {
    // Unix times in seconds and milliseconds (1733234567, 1733234567890): no national number
    // of those lengths starts with 1.
    if ((n === 10 || n === 13) && match.startsWith('1')) return match;
    return n > 15 ? '[number]' : n >= 9 ? '[phone]' : match;
  }
  if (isNationalIdNumber(match, digits, shape)) return '[national_id]';
  if (n >= 9 && n <= 15 && phoneGrouping(match, groups, shape)) return '[phone]';
  // Not one number: an IP address or a phone number may still start inside the run.
  if (IPV4_INSIDE.test(match)) return match.replace(IPV4_INSIDE_ALL, '[ip]');
  const next = match.search(/\D\d/);
  return next === -1 ? match : match.slice(0, next + 1) + rescan(match.slice(next + 1));
}
