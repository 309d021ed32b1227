import { divideDecimal, formatDecimal } from '../cost/decimal.js';

// Stripe's zero-decimal and three-decimal currencies: https://docs.stripe.com/currencies#zero-decimal
const ZERO_DECIMAL = new Set(
  'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '),
);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/**
 * A Stripe amount (an integer in the currency's smallest unit) as an exact decimal string in the
 * currency's main unit: `1999` USD is `'19.99'`, `1999` JPY is `'1999'`, `12340` KWD is `'12.34'`.
 */
export function fromMinorUnits(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`Expected a non-negative integer amount in minor units, got ${amount}.`);
  }
  const code = currency.toUpperCase();
  const divisor = ZERO_DECIMAL.has(code) ? 1 : THREE_DECIMAL.has(code) ? 1000 : 100;
  return formatDecimal(divideDecimal({ units: BigInt(amount), scale: 0 }, divisor));
}
