import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileTaxonomy } from '@taxon/taxonomy';
import { describe, expect, it } from 'vitest';
import { checkEventParams } from '../src/verify/check-params.js';
import { formatDuration, parseDuration } from '../src/verify/lib/duration.js';
import { Redactor, VerifyError } from '../src/verify/verify-error.js';

const taxonomy = compileTaxonomy(
  ['taxonomy.yaml', 'params.yaml', 'events/ai.yaml', 'events/monetization.yaml'].map((file) => ({
    path: `taxonomy/${file}`,
    contents: new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../taxonomy/${file}`, import.meta.url)))),
  })),
).taxonomy;

describe('checkEventParams', () => {
  it('accepts a valid wire event, including the params GA4 adds itself', () => {
    expect(
      checkEventParams(taxonomy, 'generation_completed', {
        feature: 'rewrite',
        model: 'gpt-4.1-mini',
        token_bucket: '1k-2k',
        duration_bucket: '1s-2s',
        success: true,
        correlation_id: 'abc12345',
        session_id: '1763900000',
        engagement_time_msec: 1,
      }),
    ).toEqual([]);
  });

  it('checks numbers against their bounds and integers', () => {
    const params = { plan_type: 'pro', value: -5, currency: 'EUR' };
    expect(checkEventParams(taxonomy, 'refund_processed', params)).toEqual(['param "value": -5 is below the minimum 0.']);
    expect(checkEventParams(taxonomy, 'refund_processed', { ...params, value: '12' })).toEqual(['param "value": Expected a number, got "12".']);
  });

  it('checks a param GA4 adds itself by core\'s one list, not by the taxonomy: value is declared, session_id is automatic', () => {
    const params = { plan_type: 'pro', value: 5, currency: 'EUR', session_id: '1763900000', ga_session_number: 2 };
    expect(checkEventParams(taxonomy, 'refund_processed', params)).toEqual([]);
    // A request field is not a param: MP puts timestamp_micros beside the events, not in params.
    expect(checkEventParams(taxonomy, 'refund_processed', { ...params, timestamp_micros: 1 })).toEqual([
      'param "timestamp_micros" is not declared for refund_processed',
    ]);
  });

  it('reports nothing for an event the taxonomy does not know (listed separately)', () => {
    expect(checkEventParams(taxonomy, 'page_view', { anything: 1 })).toEqual([]);
  });
});

describe('durations and redaction', () => {
  it('parses 500ms, 90s, 5m, 1h and bare seconds; rejects the rest with the flag name', () => {
    expect([parseDuration('500ms', '--wait'), parseDuration('90s', '--wait'), parseDuration('5m', '--wait'), parseDuration('1h', '--wait'), parseDuration('30', '--wait')]).toEqual([500, 90_000, 300_000, 3_600_000, 30_000]);
    expect(() => parseDuration('soon', '--wait')).toThrow(VerifyError);
    expect(() => parseDuration('5 minutes', '--wait')).toThrow(/--wait "5 minutes" is not a duration\. Expected for example 90s/);
    expect(formatDuration(285_000)).toBe('4m45s');
    expect(formatDuration(120_000)).toBe('2m');
  });

  it('redacts a registered secret and every long line of a PEM key', () => {
    const redactor = new Redactor();
    redactor.add('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nAKCAQEAx\n-----END PRIVATE KEY-----\n');
    redactor.add('ya29.secret-token');
    expect(redactor.redact('key line MIIEvQIBADANBgkqhkiG9w0BAQEFAASC and ya29.secret-token')).toBe('key line [redacted] and [redacted]');
  });
});
