// Exact decimal arithmetic for usage-limit amounts (generations, tokens, USD cost). Amounts are
// plain decimal strings like the usage log's cost; in binary floating point `0.1 + 0.2` drifts,
// and a limit that drifts refuses a call it should admit or admits one it should refuse.

interface Fixed {
  units: bigint;
  scale: number;
}

// The credit ledger's bounds (20 integer and 12 fraction digits), so every valid limit amount fits it.
const AMOUNT = /^(\d{1,20})(?:\.(\d{1,12}))?$/;

/** Whether `text` is a plain non-negative decimal string such as `'20'`, `'0.5'` or `'1200.75'`. */
export function isUsageAmount(text: unknown): text is string {
  return typeof text === 'string' && AMOUNT.test(text);
}

function parse(text: string): Fixed {
  const match = AMOUNT.exec(text);
  if (!match) throw new RangeError(`Expected a plain decimal string such as '20' or '0.5', got ${JSON.stringify(text)}.`);
  const [, whole, fraction = ''] = match;
  return { units: BigInt(`${whole}${fraction}`), scale: fraction.length };
}

function align(a: Fixed, b: Fixed): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

/** `a` compared with `b`: -1, 0 or 1, exactly. */
export function compareUsageAmounts(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = align(parse(a), parse(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `a + b`, exactly, without trailing zeros. */
export function addUsageAmounts(a: string, b: string): string {
  const [x, y, scale] = align(parse(a), parse(b));
  return format(x + y, scale);
}

/** `a - b`, exactly; never below `'0'` (what is left of an allowance). */
export function subtractUsageAmounts(a: string, b: string): string {
  const [x, y, scale] = align(parse(a), parse(b));
  return format(x > y ? x - y : 0n, scale);
}

/** `percent`% of `amount`, exactly (`percentOfUsageAmount('25', 80)` is `'20'`). */
export function percentOfUsageAmount(amount: string, percent: number): string {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`Expected a whole percentage from 0 to 100, got ${percent}.`);
  }
  const { units, scale } = parse(amount);
  return format(units * BigInt(percent), scale + 2);
}

/** The whole part of an amount, as a number (header fields carry integers). */
export function floorUsageAmount(amount: string): number {
  const { units, scale } = parse(amount);
  return Number(units / 10n ** BigInt(scale));
}
