import { IPV4 } from '../ip.js';
import { isLuhnValid } from '../luhn.js';
import { isNationalIdNumber } from './national-id.js';

// Built in a pure-annotated call so that bundles which never scrub can drop it (see scrub.ts).
const IPV4_INSIDE = /* @__PURE__ */ (() => new RegExp(`(?<!\\d)${IPV4}(?!\\d)`, 'g'))();
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
 * The replacement for a run of 8+ digits with separators (` ./()-`): a card, national id, phone
 * number or long number placeholder, or the run itself when it is a date, decimal, timestamp or
 * several numbers side by side, each read on its own.
 */
export function replaceDigits(match: string): string {
  return readNumber(match) ?? readNumbers(match);
}

// Several numbers side by side (`07700 900123 07700 900124`, `2026-11-23 030 12345678`): from
// each group on, the shortest stretch of up to 7 groups that reads as one number (a placeholder,
// or kept whole as a date or decimal) is taken, else the group is kept and the next one tried.
// Linear in the run's length.
function readNumbers(match: string): string {
  const groups = [...match.matchAll(/\d+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  let out = '';
  let done = 0;
  for (let g = 0; g < groups.length; ) {
    const from = g === 0 ? 0 : groups[g]![0];
    let k = g + 1;
    let read: string | undefined;
    for (; k <= Math.min(groups.length, g + 7) && read === undefined; k++) {
      read = readNumber(match.slice(from, groups[k - 1]![1]));
    }
    if (read === undefined) {
      k = g + 1;
      read = match.slice(from, groups[g]![1]);
    } else k--;
    out += match.slice(done, from) + read;
    done = groups[k - 1]![1];
    g = k;
  }
  return out + match.slice(done);
}

// The replacement of `match` read as one number (`match` itself for a date, decimal or Unix
// time), or undefined when it is not one number.
function readNumber(match: string): string | undefined {
  if (DECIMAL.test(match)) return match;
  const digits = match.replace(/\D/g, '');
  const groups = match.split(/\D+/).filter(Boolean).map((g) => g.length);
  const shape = groups.join('-');
  const n = digits.length;
  if (n < 8) return undefined;
  if (n >= 13 && n <= 19 && cardGrouping(groups) && isLuhnValid(digits)) return '[card]';
  if (DATE_LIKE.test(match)) return n <= 14 ? match : undefined;
  if (match.startsWith('+') && n <= 15) return '[phone]';
  if (match.startsWith('(') && n >= 9 && n <= 15) return '[phone]';
  if (groups.length === 1) {
    // Unix times in seconds and milliseconds (1733234567, 1733234567890): no national number
    // of those lengths starts with 1.
    if ((n === 10 || n === 13) && match.startsWith('1')) return match;
    return n > 15 ? '[number]' : n >= 9 ? '[phone]' : match;
  }
  if (isNationalIdNumber(match, digits, shape)) return '[national_id]';
  if (n >= 9 && n <= 15 && phoneGrouping(match, groups, shape)) return '[phone]';
  // Not one number: an IP address may still sit inside the run.
  const withIp = match.replace(IPV4_INSIDE, '[ip]');
  return withIp === match ? undefined : withIp;
}
