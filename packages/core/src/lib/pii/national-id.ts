import { isLuhnValid } from '../luhn.js';

// Checks for national identifiers written as digit groups. Each takes the digits alone and the
// group lengths; a checksum (where the scheme has one) keeps ordinary numbers of the same shape.

const d = (digits: string, i: number) => digits.charCodeAt(i) - 48;

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
    for (let i = 0; i < n; i++) sum += d(digits, i) * (n + 1 - i);
    if (((sum * 10) % 11) % 10 !== d(digits, n)) return false;
  }
  return true;
}

// French NIR (social security number): the 2-digit key is 97 - (first 13 digits mod 97).
function isNir(digits: string): boolean {
  let rest = 0;
  for (let i = 0; i < 13; i++) rest = (rest * 10 + d(digits, i)) % 97;
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
  for (let i = position % 8; i > 0; i--) digit = d('1576283094', digit);
  return digit;
}

// Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit.
function isAadhaar(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) c = dihedral(c, permute(i, d(digits, digits.length - 1 - i)));
  return c === 0 && /^[2-9]/.test(digits);
}

/**
 * Whether digit groups separated as `match` shows them form a national identifier: US SSN
 * (3-2-4), Indian Aadhaar (4-4-4, Verhoeff), Brazilian CPF (3.3.3-2), Swedish
 * personnummer (6-4 or 8-4, Luhn), Korean resident number (6-7), French NIR (1-2-2-2-3-3-2),
 * Canadian SIN and Australian TFN (3-3-3, Luhn).
 */
export function isNationalIdNumber(match: string, digits: string, shape: string): boolean {
  switch (shape) {
    case '3-2-4':
      return !/\./.test(match) && isSsn(digits);
    case '4-4-4':
      return isAadhaar(digits);
    case '3-3-3-2':
      return isCpf(digits);
    case '6-4':
    case '8-4':
      return /[-+]/.test(match) && isLuhnValid(digits.slice(-10));
    case '6-7':
      return /-/.test(match) && /[1-8]/.test(digits[6]!);
    case '1-2-2-2-3-3-2':
      return isNir(digits);
    case '3-3-3':
      return isLuhnValid(digits);
    default:
      return false;
  }
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
 * Whether `match` (letters and digits, matched case-insensitively) is a national identifier
 * written with letters: Spanish DNI/NIE (mod-23 letter), Italian codice fiscale and Indian PAN
 * (upper case, by shape), UK National Insurance number.
 */
export function isNationalIdCode(match: string): boolean {
  const code = match.replace(/[\s-]/g, '');
  if (code !== code.toUpperCase()) return false;
  if (/^[XYZ]?\d{7,8}[A-Z]$/.test(code)) {
    const number = +('XYZ'.indexOf(code[0]!) >= 0 ? 'XYZ'.indexOf(code[0]!) + code.slice(1, -1) : code.slice(0, -1));
    return DNI_LETTERS[number % 23] === code.slice(-1);
  }
  if (/^[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]$/.test(code)) return true;
  if (/^[A-Z]{6}\d\d[A-Z]\d\d[A-Z]\d{3}[A-Z]$/.test(code)) return true;
  return /^[A-Z]{2}\d{6}[A-D]$/.test(code);
}
