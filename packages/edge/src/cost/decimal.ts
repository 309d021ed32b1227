/**
 * A small exact decimal type on `bigint`: `units / 10^scale`. Costs are sums of products of token
 * counts and prices such as `'0.000075'`; in binary floating point those sums drift (`0.1 + 0.2`),
 * and a cost log that drifts cannot be reconciled with an invoice.
 */
export interface Decimal {
  /** The value scaled by `10^scale`, e.g. `123n` with scale 3 for `0.123`. */
  readonly units: bigint;
  /** Digits after the decimal point. */
  readonly scale: number;
}

const DECIMAL_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal string (`'0.0005'`, `'12'`, `'-3.5'`). Exponents, spaces, `+` and empty
 * parts are refused with a `RangeError` naming the input.
 */
export function parseDecimal(text: string): Decimal {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) {
    throw new RangeError(`Expected a plain decimal string such as '0.0005', got ${JSON.stringify(text)}.`);
  }
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign ? -units : units, scale: fraction.length };
}

/** A decimal from a safe integer (token counts). */
export function decimalFromInteger(value: number | bigint): Decimal {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`Expected a safe integer, got ${value}.`);
  }
  return { units: BigInt(value), scale: 0 };
}

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** `a + b`, exactly. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** `a * b`, exactly. */
export function multiplyDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * `value / divisor`, exactly. Only divisors of the form `2^a * 5^b` (1, 1000, 1_000_000, ...) give a
 * finite decimal; any other divisor is a `RangeError` rather than a rounded result.
 */
export function divideDecimal(value: Decimal, divisor: number | bigint): Decimal {
  const d = BigInt(divisor);
  if (d <= 0n) throw new RangeError(`Expected a positive divisor, got ${divisor}.`);
  let rest = d;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  if (rest !== 1n) {
    throw new RangeError(
      `Cannot divide exactly by ${divisor}: the result is not a finite decimal. ` +
        'Use a power of ten such as 1000 or 1000000.',
    );
  }
  const extra = Math.max(twos, fives);
  return { units: (value.units * 10n ** BigInt(extra)) / d, scale: value.scale + extra };
}

/** Formats without exponent and without trailing zeros: `'0.00015'`, `'12'`, `'0'`. */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

/** Sums decimal strings exactly, e.g. the `estimatedCost` of several usage records. */
export function sumDecimalStrings(values: Iterable<string>): string {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const value of values) total = addDecimal(total, parseDecimal(value));
  return formatDecimal(total);
}
