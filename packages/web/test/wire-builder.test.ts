// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracker, ga4, type TrackerOptions, type Violation } from '../src/index.js';
import { sentEvents, useCleanPage } from './helpers.js';

useCleanPage();
afterEach(() => vi.unstubAllEnvs());

// The fused pass (bucketing, enrichment, scrubbing, limits in one loop): paths the fixture
// taxonomy's pipeline tests do not reach.
const taxonomy: TrackerOptions['taxonomy'] = {
  events: {
    note_saved: { owner: 'client', required: ['tone'], optional: ['note', 'size_bucket', 'plan_type', 'page'] },
    wide_saved: {
      owner: 'client',
      required: Array.from({ length: 24 }, (_, i) => `p${i}`),
      optional: ['size_bucket', 'p24'],
    },
  },
  enums: { tone: ['formal', 'casual', 'x'.repeat(120)], plan_type: ['free', 'pro'] },
  buckets: { chars: { param: 'size_bucket', toLabel: (n) => (n < 100 ? 'small' : 'large') } },
};

function setup(extra: Partial<TrackerOptions> = {}) {
  const violations: Violation[] = [];
  const tracker = createTracker<Record<string, Record<string, unknown>>>({
    taxonomy,
    destinations: [ga4({ measurementId: 'G-ABC123' })],
    pageViews: { auto: false },
    violations: 'hook',
    onViolation: (v) => violations.push(v),
    ...extra,
  });
  tracker.start();
  return { tracker, violations, sent: () => sentEvents() };
}

describe('wire builder', () => {
  it('scrubs shared-context values like call-site ones, and blocks PII in an enum from the context', () => {
    const { tracker, sent } = setup();
    tracker.setContext({ page: 'notes of jane@example.com' });
    tracker.trackEvent('note_saved', { tone: 'formal' });
    tracker.setContext({ plan_type: 'jane@example.com' });
    tracker.trackEvent('note_saved', { tone: 'casual' });
    expect(sent()).toEqual([['note_saved', { tone: 'formal', page: 'notes of [email]', send_to: 'G-ABC123' }]]);
    expect(tracker.dropCounts().pii_blocked).toBe(1);
  });

  it('leaves out undefined values; a raw bucket value that is not a finite number refuses the event, counted', () => {
    const { tracker, sent, violations } = setup();
    tracker.trackEvent('note_saved', { tone: 'formal', note: undefined });
    expect(sent().map(([, p]) => p)).toEqual([{ tone: 'formal', send_to: 'G-ABC123' }]);
    // Core's one outcome (the MP client's too): never dropped silently, never guessed.
    tracker.trackEvent('note_saved', { tone: 'formal', chars: Number.NaN });
    tracker.trackEvent('note_saved', { tone: 'formal', chars: '12' });
    expect(sent()).toHaveLength(1);
    expect(tracker.dropCounts().invalid_event).toBe(2);
    expect(violations.map((v) => v.code)).toEqual(['invalid_event', 'invalid_event']);
    expect(violations[0]!.message).toContain('chars must be a finite number (sent as size_bucket');
  });

  it('refuses an undeclared param and a value outside its enum, as the MP client does', () => {
    const { tracker, sent } = setup();
    tracker.trackEvent('note_saved', { tone: 'formal', mood: 'calm' });
    tracker.trackEvent('note_saved', { tone: 'grumpy' });
    expect(sent()).toEqual([]);
    expect(tracker.dropCounts().invalid_event).toBe(2);
  });

  it('drops __proto__ keys of an object param and copies constructor and prototype keys as data', () => {
    const { tracker, sent } = setup();
    const note = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"c","prototype":"p","mail":"jane@example.com"}');
    tracker.trackEvent('note_saved', { tone: 'formal', note });
    const copy = sent()[0]![1].note as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    // The browser's wire builder leaves the key out of its copy (core's dropProtoKeys): no page script
    // that merges dataLayer objects by assignment can be handed a prototype.
    expect(Object.keys(copy)).toEqual(['constructor', 'prototype', 'mail']);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')).toBeUndefined();
    expect(copy.mail).toBe('[email]');
  });

  it('counts a bucket that lands on a key already set once against the 25-param limit', () => {
    const { tracker, sent } = setup();
    const params: Record<string, unknown> = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`p${i}`, i]));
    tracker.trackEvent('wide_saved', { ...params, size_bucket: 'small', chars: 500 });
    expect(sent()).toHaveLength(1);
    expect(sent()[0]![1].size_bucket).toBe('large');
    tracker.trackEvent('wide_saved', { ...params, size_bucket: 'small', p24: 1 });
    expect(sent()).toHaveLength(1);
    expect(tracker.dropCounts().limit_exceeded).toBe(1);
  });

  it('refuses an undeclared param whose name GA4 rejects', () => {
    const { tracker, sent, violations } = setup();
    tracker.trackEvent('note_saved', { tone: 'formal', _internal: 1 });
    expect(sent()).toEqual([]);
    expect(tracker.dropCounts().limit_exceeded).toBe(1);
    expect(violations[0]).toMatchObject({ code: 'limit_exceeded', message: expect.stringContaining('"_internal"') });
  });

  it('cuts an enum literal longer than GA4 keeps instead of sending it whole', () => {
    const { tracker, sent, violations } = setup();
    tracker.trackEvent('note_saved', { tone: 'x'.repeat(120) });
    expect((sent()[0]![1].tone as string).length).toBe(100);
    expect(violations.map((v) => v.code)).toEqual(['limit_truncated']);
  });

  it('scans a value in an enum param that is not one of its literals', () => {
    const { tracker, sent } = setup();
    tracker.trackEvent('note_saved', { tone: 'call +1 415 555 2671' });
    expect(sent()).toEqual([]);
    expect(tracker.dropCounts().pii_blocked).toBe(1);
  });

  it('keeps long violation messages for development; production gets a short one', () => {
    const dev = setup();
    dev.tracker.trackEvent('made_up', {});
    expect(dev.violations[0]!.message).toContain('not an event of the taxonomy');
    vi.stubEnv('NODE_ENV', 'production');
    const prod = setup();
    prod.tracker.trackEvent('made_up', {});
    expect(prod.violations[0]).toEqual({ code: 'invalid_event', message: 'unknown event', event: 'made_up' });
    expect(prod.tracker.dropCounts().invalid_event).toBe(1);
  });
});
