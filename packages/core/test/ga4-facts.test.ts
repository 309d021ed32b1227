import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AUTOMATIC_PARAMS,
  describeValue,
  IDENTIFIER_PARAMS,
  isDevelopment,
  isIdentifier,
  isReservedParam,
  MP_BODY_FIELDS,
  MP_LIMITS,
  MP_RUNTIME_FIELDS,
  parseRetryAfter,
  RESERVED_EVENT_NAMES,
  RESERVED_PREFIXES,
  reservedPrefixOf,
  scrubParam,
} from '../src/index.js';

afterEach(() => vi.unstubAllEnvs());

describe('reserved names and prefixes (one list for linter, runtimes, collector, verify)', () => {
  it('holds the MP reference names, the web automatic events and GA\'s app list', () => {
    // MP's reserved names, including the five the taxonomy linter's old copy lacked.
    for (const name of ['session_start_with_rollout', 'firebase_campaign', 'firebase_in_app_message_action', 'ad_activeview', 'os_update']) {
      expect(RESERVED_EVENT_NAMES.has(name), name).toBe(true);
    }
    // Collected by the web stream itself (double counted if sent again).
    for (const name of ['page_view', 'scroll', 'click', 'file_download', 'form_submit', 'video_complete', 'view_search_results']) {
      expect(RESERVED_EVENT_NAMES.has(name), name).toBe(true);
    }
    expect(RESERVED_EVENT_NAMES.has('app_install')).toBe(true);
    expect(RESERVED_EVENT_NAMES.has('purchase')).toBe(false);
    expect(RESERVED_EVENT_NAMES.size).toBe(49);
  });

  it('names the reserved prefix of a name', () => {
    expect(RESERVED_PREFIXES).toEqual(['_', 'firebase_', 'ga_', 'google_', 'gtag.']);
    expect(reservedPrefixOf('gtag.config')).toBe('gtag.');
    expect(reservedPrefixOf('ga_session_id')).toBe('ga_');
    expect(reservedPrefixOf('gallery_opened')).toBeUndefined();
  });
});

describe('params GA4 adds by itself', () => {
  it('lists automatic params with their type; value and currency are not among them', () => {
    expect(AUTOMATIC_PARAMS.get('session_id')).toEqual({ type: 'id' });
    expect(AUTOMATIC_PARAMS.get('engagement_time_msec')).toEqual({ type: 'number' });
    expect(AUTOMATIC_PARAMS.get('page_location')).toEqual({ type: 'string' });
    for (const name of ['value', 'currency', 'transaction_id', 'items', 'client_id', 'timestamp_micros']) {
      expect(AUTOMATIC_PARAMS.has(name), name).toBe(false);
    }
  });

  it('reserves automatic params and request fields for declaration, not recommended-event params', () => {
    expect(MP_RUNTIME_FIELDS).toEqual(['client_id', 'user_id', 'timestamp_micros']);
    for (const name of ['session_id', 'gclid', 'client_id', 'user_id', 'timestamp_micros']) expect(isReservedParam(name), name).toBe(true);
    for (const name of ['value', 'currency', 'transaction_id', 'plan_type']) expect(isReservedParam(name), name).toBe(false);
  });
});

describe('Measurement Protocol limits', () => {
  it('are the documented ones', () => {
    expect(MP_LIMITS).toMatchObject({ eventsPerRequest: 25, maxBodyBytes: 130_000, maxItems: 200, userPropertyName: 24, userPropertyValue: 36 });
    expect(MP_LIMITS.maxEventAgeMs).toBe(72 * 3_600_000);
    expect(MP_BODY_FIELDS.has('events') && MP_BODY_FIELDS.has('app_instance_id') && !MP_BODY_FIELDS.has('params')).toBe(true);
  });
});

describe('parseRetryAfter (RFC 9110 section 10.2.3)', () => {
  const now = Date.parse('2026-11-23T08:00:00Z');
  it('reads delay-seconds and the three HTTP-date forms', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 2 ', now)).toBe(2_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 08:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Monday, 23-Nov-26 08:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Mon Nov 23 08:00:20 2026', now)).toBe(20_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither: fractions, negatives, exponents, garbage (Date.parse would guess a date for "1.5")', () => {
    for (const value of ['1.5', '-1', '1e3', '', 'soon', '12 apples', null, undefined]) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
  });
});

describe('the identifier-versus-PII policy', () => {
  it('keeps opaque ids: GA client and session ids, payment and correlation ids', () => {
    for (const id of ['1234567890.1700000000', '1700000000', 'cs_test_a1B2c3D4e5F6g7H8i9J0', 'pi_3PqRsT2eZvKYlo2C1abcdEFG', 'gen_8f3k2m9x', 'user-42']) {
      expect(isIdentifier(id), id).toBe(true);
    }
  });

  it('refuses personal data and secrets where an id is expected', () => {
    for (const value of ['jane@example.com', '+14155552671', 'sk_live_51H8abcdefghijklmnop', 'AKIAIOSFODNN7EXAMPLE', 'eyJhbGciOiJIUzI1NiJ9.e30.abc', '4111 1111 1111 1111', 'Jane Doe']) {
      expect(isIdentifier(value), value).toBe(false);
    }
  });

  it('scrubParam: URL params get the URL rules, identifier params keep ids, everything else scrubPii', () => {
    expect(IDENTIFIER_PARAMS.has('transaction_id') && IDENTIFIER_PARAMS.has('session_id')).toBe(true);
    expect(scrubParam('transaction_id', 'cs_test_a1B2c3D4e5F6g7H8i9J0')).toBe('cs_test_a1B2c3D4e5F6g7H8i9J0');
    expect(scrubParam('transaction_id', 'jane@example.com')).toBe('[email]');
    expect(scrubParam('note', 'cs_test_a1B2c3D4e5F6g7H8i9J0')).not.toBe('cs_test_a1B2c3D4e5F6g7H8i9J0');
    expect(scrubParam('page_location', 'https://app.example/x?email=jane@example.com')).not.toContain('jane');
    expect(scrubParam('page_location', 'https://a.example/', { scrubUrl: () => 'custom' })).toBe('custom');
    expect(scrubParam('note', 'plain words')).toBe('plain words');
  });

  it('describeValue never repeats personal data', () => {
    expect(describeValue('mail jane@example.com')).toBe('"mail [email]"');
    expect(describeValue({})).toBe('an object');
  });
});

describe('isDevelopment (the one development flag)', () => {
  it('is true unless NODE_ENV is production, read at each call', () => {
    vi.stubEnv('NODE_ENV', 'development');
    expect(isDevelopment()).toBe(true);
    vi.stubEnv('NODE_ENV', 'production');
    expect(isDevelopment()).toBe(false);
  });
});
