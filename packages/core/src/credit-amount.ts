// Exact decimal-string helpers for credit amounts: compare, and round up to a scale. Money never
// passes through a float.

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

function parts(value: string): [string, string] {
  const match = DECIMAL.exec(value);
  if (!match) throw new TypeError(`Invalid decimal amount ${JSON.stringify(value)}: expected digits, optionally a point and digits.`);
  return [match[1]!.replace(/^0+(?=\d)/, ''), (match[2] ?? '').replace(/0+$/, '')];
}

/** Compares two non-negative decimal strings exactly: negative when a < b, 0 when equal, positive when a > b. */
export function compareDecimals(a: string, b: string): number {
  const [ai, af] = parts(a);
  const [bi, bf] = parts(b);
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const ap = af.padEnd(width, '0');
  const bp = bf.padEnd(width, '0');
  return ap === bp ? 0 : ap < bp ? -1 : 1;
}

/**
 * Rounds a non-negative decimal string up to at most `scale` fraction digits (a charge is never
 * rounded in the customer's favour below what the provider billed), in canonical form.
 *
 * @example ceilDecimal('0.0000000000001', 12) // '0.000000000001'
 */
export function ceilDecimal(value: string, scale: number): string {
  const [integer, fraction] = parts(value);
  if (fraction.length <= scale) return fraction === '' ? integer : `${integer}.${fraction}`;
  const width = integer.length + scale;
  let digits = BigInt(integer + fraction.slice(0, scale));
  if (/[1-9]/.test(fraction.slice(scale))) digits += 1n;
  const text = digits.toString().padStart(width, '0');
  const head = text.slice(0, text.length - scale) || '0';
  const tail = text.slice(text.length - scale).replace(/0+$/, '');
  return tail === '' ? head : `${head}.${tail}`;
}
