import { describe, expect, it } from 'vitest';
import { ceilDecimal, compareDecimals, defaultCreditPolicy, settlementFor } from '../src/index.js';

describe('credit policy', () => {
  it('refunds what the provider did not bill and charges what it did', () => {
    expect(settlementFor(null)).toBe('commit');
    for (const refunded of ['ai_timeout', 'ai_rate_limit', 'ai_provider_error', 'ai_token_limit_exceeded'] as const) {
      expect(settlementFor(refunded)).toBe('release');
    }
    expect(settlementFor('ai_validation_error')).toBe('commit');
    expect(settlementFor('ai_malformed_response')).toBe('commit');
    expect(settlementFor('ai_timeout', { ai_timeout: 'commit' })).toBe('commit');
    expect(Object.isFrozen(defaultCreditPolicy)).toBe(true);
  });
});

describe('credit amounts', () => {
  it('compares decimal strings exactly, whatever their spelling', () => {
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('007', '7.000')).toBe(0);
    expect(compareDecimals('0.3', '0.29999999999999999999')).toBeGreaterThan(0);
    expect(compareDecimals('10', '9.99')).toBeGreaterThan(0);
    expect(compareDecimals('1.05', '1.5')).toBeLessThan(0);
    expect(() => compareDecimals('1e3', '1')).toThrow(/Invalid decimal amount "1e3"/);
  });

  it('rounds a charge up to the ledger scale, never down', () => {
    expect(ceilDecimal('0.0000000000001', 12)).toBe('0.000000000001');
    expect(ceilDecimal('0.1234567890121', 12)).toBe('0.123456789013');
    expect(ceilDecimal('0.123456789012000', 12)).toBe('0.123456789012');
    expect(ceilDecimal('9.9999999999999', 12)).toBe('10');
    expect(ceilDecimal('12.50', 12)).toBe('12.5');
    expect(ceilDecimal('0', 12)).toBe('0');
    expect(ceilDecimal('1.25', 0)).toBe('2');
  });
});
