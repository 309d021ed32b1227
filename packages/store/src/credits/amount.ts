import { CreditLedgerError } from './credit-ledger-error.js';

/** Most digits before the decimal point an amount may have. */
export const MAX_INTEGER_DIGITS = 20;
/** Most digits after the decimal point (enough for USD fractions of a token price). */
export const MAX_SCALE = 12;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Checks an amount and returns it in canonical form (no leading zeros, no trailing fraction zeros),
 * so equal amounts compare equal as strings and idempotent retries match whatever their spelling.
 * Floats are refused outright: money never passes through a binary fraction.
 */
export function canonicalAmount(value: unknown, where: string, options: { positive: boolean }): string {
  const expected =
    `expected a ${options.positive ? 'positive' : 'non-negative'} decimal string such as '10' or '0.25' ` +
    `(at most ${MAX_INTEGER_DIGITS} integer and ${MAX_SCALE} fraction digits, no sign, no exponent)`;
  if (typeof value !== 'string') {
    throw new CreditLedgerError('invalid_amount', `${where}: ${expected}, got ${typeof value} ${String(value)}.`);
  }
  const match = DECIMAL.exec(value);
  if (!match) throw new CreditLedgerError('invalid_amount', `${where}: ${expected}, got ${JSON.stringify(value)}.`);
  const integer = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (integer.length > MAX_INTEGER_DIGITS || fraction.length > MAX_SCALE) {
    throw new CreditLedgerError('invalid_amount', `${where}: ${expected}, got ${JSON.stringify(value)}.`);
  }
  const canonical = fraction === '' ? integer : `${integer}.${fraction}`;
  if (options.positive && canonical === '0') {
    throw new CreditLedgerError('invalid_amount', `${where}: ${expected}, got ${JSON.stringify(value)}.`);
  }
  return canonical;
}

/** Compares two canonical amounts exactly: negative when a < b, 0 when equal, positive when a > b. */
export function compareAmounts(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const ap = af.padEnd(width, '0');
  const bp = bf.padEnd(width, '0');
  return ap === bp ? 0 : ap < bp ? -1 : 1;
}

function toScaled(value: string, scale: number): bigint {
  const [integer = '0', fraction = ''] = value.split('.');
  return BigInt(integer + fraction.padEnd(scale, '0'));
}

/** `a - b` of two canonical amounts, exactly (BigInt at the larger scale), in canonical form. */
export function subtractAmounts(a: string, b: string): string {
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const difference = toScaled(a, scale) - toScaled(b, scale);
  const negative = difference < 0n;
  const digits = (negative ? -difference : difference).toString().padStart(scale + 1, '0');
  const integer = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${integer}${fraction === '' ? '' : `.${fraction}`}`;
}
