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

// Verhoeff tables (dihedral group D5 and its permutation), one string per row.
const VERHOEFF_D = '0123456789 1234067895 2340178956 3401289567 4012395678 5987604321 6598710432 7659821043 8765932104 9876543210'.split(' ');
const VERHOEFF_P = '0123456789 1576283094 5803796142 8916043527 9453126870 4286573901 2793806415 7046913258'.split(' ');

// Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit.
function isAadhaar(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    c = d(VERHOEFF_D[c]!, d(VERHOEFF_P[i % 8]!, d(digits, digits.length - 1 - i)));
  }
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
