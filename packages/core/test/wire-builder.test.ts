import { describe, expect, it } from 'vitest';
import { copyData, createWireBuilder, type WireNotice, type WireTaxonomy } from '../src/index.js';

const taxonomy: WireTaxonomy = {
  events: {
    note_saved: { required: ['tone'], optional: ['note', 'size_bucket', 'plan_type', 'constructor', 'correlation_id'] },
    wide: { required: Array.from({ length: 25 }, (_, i) => `p${i}`), optional: ['p25'] },
  },
  enums: { tone: ['formal', 'casual'], plan_type: ['free', 'pro'] },
  buckets: { chars: { param: 'size_bucket', toLabel: (n) => (n < 100 ? 'small' : 'large') } },
};

function builder() {
  const notices: WireNotice[] = [];
  const wire = createWireBuilder({ taxonomy, notice: (n) => notices.push(n) });
  const build = (name: string, params: Record<string, unknown>, options: { shared?: Record<string, unknown>; trusted?: string[] } = {}) =>
    wire.build(name, params, { plan: wire.plan(name), ...options });
  return { wire, build, notices };
}

describe('createWireBuilder: one call-site-to-wire conversion, one outcome per bad input', () => {
  it('buckets raw numbers, keeps enum literals, scrubs free text (with a notice)', () => {
    const { build, notices } = builder();
    expect(build('note_saved', { tone: 'formal', chars: 12, note: 'for jane@example.com', plan_type: 'pro' })).toEqual({
      ok: true,
      params: { tone: 'formal', size_bucket: 'small', note: 'for [email]', plan_type: 'pro' },
    });
    expect(notices).toEqual([{ code: 'pii_scrubbed', event: 'note_saved', param: 'note' }]);
  });

  it('refuses a bucket value that is not a finite number, never drops it silently', () => {
    const { build } = builder();
    for (const chars of ['12', Number.NaN, Number.POSITIVE_INFINITY, true]) {
      expect(build('note_saved', { tone: 'formal', chars })).toMatchObject({
        ok: false,
        reason: 'invalid_event',
        detail: expect.stringContaining('note_saved.chars must be a finite number (sent as size_bucket'),
      });
    }
  });

  it('refuses undeclared params, values outside an enum, missing required params and non-finite numbers', () => {
    const { build } = builder();
    expect(build('note_saved', { tone: 'formal', mood: 'x' })).toMatchObject({ reason: 'invalid_event', detail: expect.stringContaining('expected one of: tone, note, chars') });
    expect(build('note_saved', { tone: 'grumpy' })).toMatchObject({ reason: 'invalid_event', detail: expect.stringContaining('must be one of formal, casual') });
    expect(build('note_saved', { note: 'x' })).toMatchObject({ reason: 'invalid_event', detail: expect.stringContaining('missing required param(s): tone') });
    expect(build('note_saved', { tone: 'formal', note: Number.NaN })).toMatchObject({ reason: 'invalid_event' });
    // Personal data in an enum is not a typo: pii_blocked, and no placeholder is sent.
    expect(build('note_saved', { tone: 'jane@example.com' })).toMatchObject({ reason: 'pii_blocked' });
  });

  it('refuses bad names and more than 25 params (limit_exceeded)', () => {
    const { build } = builder();
    expect(build('note_saved', { tone: 'formal', _private: 1 })).toMatchObject({ reason: 'limit_exceeded' });
    const wide = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`p${i}`, i]));
    expect(build('wide', wide)).toMatchObject({ reason: 'limit_exceeded', detail: expect.stringContaining('26 params') });
  });

  it('fills declared params from the context, an explicit value winning; trusted params are not scanned', () => {
    const { build } = builder();
    const shared = { correlation_id: 'gen_8f3k2m9x', plan_type: 'free', other: 'ignored' };
    expect(build('note_saved', { tone: 'casual', plan_type: 'pro' }, { shared })).toEqual({
      ok: true,
      params: { tone: 'casual', plan_type: 'pro', correlation_id: 'gen_8f3k2m9x' },
    });
    expect(build('note_saved', { tone: 'casual', note: 'jane@example.com' }, { trusted: ['note'] })).toMatchObject({
      params: { note: 'jane@example.com' },
    });
  });

  it('without a plan (page views, web vitals) takes params as they come, cut to GA4 lengths', () => {
    const { wire, notices } = builder();
    const result = wire.build('page_view', { page_title: 't'.repeat(400), note: 'n'.repeat(150) });
    expect(result.ok && [(result.params.page_title as string).length, (result.params.note as string).length]).toEqual([300, 100]);
    expect(notices).toEqual([{ code: 'limit_truncated', event: 'page_view', param: 'note' }]);
  });

  it('copies __proto__, constructor and prototype as data, never as a prototype', () => {
    const { build, wire } = builder();
    const nested = JSON.parse('{"__proto__":{"polluted":1},"prototype":"p"}');
    const result = build('note_saved', { tone: 'formal', constructor: 'c', note: nested });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.params)).toBe(Object.prototype);
    expect(result.params.constructor).toBe('c');
    const note = result.params.note as Record<string, unknown>;
    expect(Object.getPrototypeOf(note)).toBe(Object.prototype);
    expect(Object.keys(note)).toEqual(['__proto__', 'prototype']);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    // A top-level __proto__ key is not a GA4 name: refused, not assigned.
    expect(wire.build('page_view', JSON.parse('{"__proto__":{"x":1}}'))).toMatchObject({ ok: false, reason: 'limit_exceeded' });
  });

  it('copyData bounds depth, so a hostile nesting cannot overflow the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    let copy = copyData(deep, (s) => s) as { d?: unknown } | undefined;
    let depth = 0;
    while (copy && typeof copy === 'object') {
      copy = copy.d as typeof copy;
      depth++;
    }
    expect(depth).toBe(16);
  });
});
