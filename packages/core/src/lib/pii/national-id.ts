import { isLuhnValid } from '../luhn.js';

// Checks for national identifiers written as digit groups. Each takes the digits alone and the
// group lengths; a checksum (where the scheme has one) keeps ordinary numbers of the same shape.

// US SSN: area 001-899 except 666, group 01-99, serial 0001-9999 (SSA rules since 2011).
function isSsn(digits: string): boolean {
  const area = +digits.slice(0, 3);
  return area > 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

// Brazilian CPF: two mod-11 check digits.
function isCpf(digits: string): boolean {
  if (/^(\d)\1+$/.test(digits)) return false;
  for (const n of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += +digits[i]! * (n + 1 - i);
    if (((sum * 10) % 11) % 10 !== +digits[n]!) return false;
  }
  return true;
}

// French NIR (social security number): the 2-digit key is 97 - (first 13 digits mod 97).
function isNir(digits: string): boolean {
  let rest = 0;
  for (let i = 0; i < 13; i++) rest = (rest * 10 + +digits[i]!) % 97;
  return 97 - rest === +digits.slice(13);
}

// Verhoeff's check works in the dihedral group D5 (0-4 rotations, 5-9 reflections) and permutes
// each digit by position with `1576283094` applied `position mod 8` times. Both are computed
// rather than written out as the usual 10x10 and 8x10 tables: the same values, in fewer bytes
// of browser bundle.
function dihedral(j: number, k: number): number {
  return ((j < 5 ? j + k : j - k + 5) % 5) + (j < 5 !== k < 5 ? 5 : 0);
}

function permute(position: number, digit: number): number {
  for (let i = position % 8; i > 0; i--) digit = +'1576283094'[digit]!;
  return digit;
}

// Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit.
function isAadhaar(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) c = dihedral(c, permute(i, +digits[digits.length - 1 - i]!));
  return c === 0 && /^[2-9]/.test(digits);
}

// Swedish personnummer: 6-4 (or 8-4 with the century) with `-` or `+` (over 100), Luhn on the
// last ten digits.
const isPersonnummer = (digits: string, match: string) => /[-+]/.test(match) && isLuhnValid(digits.slice(-10));

// The check for each grouping a national number is written in (group lengths joined by `-`).
const NUMBER_CHECKS: Record<string, (digits: string, match: string) => boolean> = {
  // US SSN, never written with dots.
  '3-2-4': (digits, match) => !/\./.test(match) && isSsn(digits),
  '4-4-4': isAadhaar,
  '3-3-3-2': isCpf,
  '6-4': isPersonnummer,
  '8-4': isPersonnummer,
  // Korean resident registration number: the digit after `-` gives century and sex (1-8).
  '6-7': (digits, match) => /-/.test(match) && /[1-8]/.test(digits[6]!),
  '1-2-2-2-3-3-2': isNir,
  // Canadian SIN, Australian TFN.
  '3-3-3': isLuhnValid,
};

/**
 * Whether digit groups separated as `match` shows them form a national identifier: US SSN
 * (3-2-4), Indian Aadhaar (4-4-4, Verhoeff), Brazilian CPF (3.3.3-2), Swedish
 * personnummer (6-4 or 8-4, Luhn), Korean resident number (6-7), French NIR (1-2-2-2-3-3-2),
 * Canadian SIN and Australian TFN (3-3-3, Luhn).
 */
export function isNationalIdNumber(match: string, digits: string, shape: string): boolean {
  return NUMBER_CHECKS[shape]?.(digits, match) ?? false;
}

/**
 * The shapes of national identifiers written with letters, for the scrubber's alternation (which
 * matches case-insensitively; {@link isNationalIdCode} checks the match): UK National Insurance
 * number, Spanish DNI/NIE, Indian PAN, Italian codice fiscale.
 */
export const NATIONAL_ID_CODE =
  /\b[A-Z]{2} ?\d\d ?\d\d ?\d\d ?[A-D]\b|\b(?:[XYZ]-?\d{7}|\d{8})-?[A-Z]\b|\b[A-Z]{5}\d{4}[A-Z]\b|\b[A-Z]{6}\d\d[A-Z]\d\d[A-Z]\d{3}[A-Z]\b/;

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/**
 * Whether a match of {@link NATIONAL_ID_CODE} is a national identifier: written in upper case,
 * with the right mod-23 letter for a Spanish DNI/NIE and a holder-type fourth letter for an
 * Indian PAN. The shape itself was checked by the pattern.
 */
export function isNationalIdCode(match: string): boolean {
  const code = match.replace(/[\s-]/g, '');
  if (code !== code.toUpperCase()) return false;
  if (/^[XYZ]?\d{7,8}[A-Z]$/.test(code)) {
    // An NIE's leading X, Y or Z counts as 0, 1 or 2.
    const number = +code.slice(0, -1).replace(/^[XYZ]/, (letter) => String('XYZ'.indexOf(letter)));
    return DNI_LETTERS[number % 23] === code.slice(-1);
  }
  // PAN (10 characters: 5 letters, 4 digits, a letter): person, company, trust... Codice fiscale
  // and National Insurance numbers have no check a pattern can't make.
  return code.length !== 10 || /^...[ABCFGHJLPT]/.test(code);
}
