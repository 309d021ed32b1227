import { describe, expect, it } from 'vitest';
import {
  applyGa4Limits,
  eventNameProblem,
  ga4NameProblem,
  ga4ValueLimit,
  GA4_LIMITS,
  RESERVED_EVENT_NAMES,
} from '../src/index.js';

const params = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));

describe('applyGa4Limits', () => {
  it('passes a valid event through without copying', () => {
    const input = { feature: 'rewrite' };
    const result = applyGa4Limits('feature_used', input);
    expect(result).toEqual({ ok: true, params: input, truncated: [] });
    expect(result.ok && result.params).toBe(input);
  });

  it('drops events with long, malformed or reserved names', () => {
    for (const name of ['x'.repeat(41), '1event', 'has-dash', 'session_start', 'first_visit', '_private', 'ga_custom', 'firebase_x', 'google_y']) {
      const result = applyGa4Limits(name, {});
      expect(result.ok, name).toBe(false);
      expect(!result.ok && result.reason).toBe('limit_exceeded');
    }
    expect(applyGa4Limits('x'.repeat(40), {}).ok).toBe(true);
  });

  it('allows page_view only when the caller says so', () => {
    expect(applyGa4Limits('page_view', {}).ok).toBe(false);
    expect(applyGa4Limits('page_view', {}, { allowReservedNames: ['page_view'] }).ok).toBe(true);
  });

  it('drops events with more than 25 params or a bad param name', () => {
    expect(applyGa4Limits('e', params(25)).ok).toBe(true);
    const over = applyGa4Limits('e', params(26));
    expect(over.ok).toBe(false);
    expect(!over.ok && over.detail).toContain('26 params');
    expect(applyGa4Limits('e', { ['p'.repeat(41)]: 1 }).ok).toBe(false);
    expect(applyGa4Limits('e', { _internal: 1 }).ok).toBe(false);
    expect(applyGa4Limits('e', { 'gtag.x': 1 }).ok).toBe(false);
  });

  it('truncates long values at 100, with the page param exceptions', () => {
    const result = applyGa4Limits('page_view', {
      note: 'n'.repeat(150),
      page_title: 't'.repeat(400),
      page_referrer: 'r'.repeat(500),
      page_location: 'l'.repeat(1200),
      short: 'ok',
    }, { allowReservedNames: ['page_view'] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((result.params.note as string).length).toBe(GA4_LIMITS.paramValue);
    expect((result.params.page_title as string).length).toBe(300);
    expect((result.params.page_referrer as string).length).toBe(420);
    expect((result.params.page_location as string).length).toBe(1000);
    expect(result.truncated.sort()).toEqual(['note', 'page_location', 'page_referrer', 'page_title']);
    expect(result.params.short).toBe('ok');
  });
});

describe('name and value checks (what runtimes check once per taxonomy)', () => {
  it('names the problem with a name, or returns undefined', () => {
    expect(ga4NameProblem('feature', 'param name')).toBeUndefined();
    expect(ga4NameProblem('google_x', 'param name')).toMatch(/reserved prefix "google_"/);
    expect(ga4NameProblem('a-b', 'param name')).toMatch(/must match/);
    expect(ga4NameProblem('p'.repeat(41), 'param name')).toMatch(/41 characters; GA4 allows 40/);
  });

  it('refuses every reserved event name unless allowed, and knows the whole list', () => {
    expect(RESERVED_EVENT_NAMES.size).toBe(49);
    for (const name of ['ad_activeview', 'first_visit', 'session_start', 'view_search_results']) {
      expect(eventNameProblem(name)).toBe(`event name "${name}" is reserved by GA4`);
    }
    expect(eventNameProblem('page_view', ['page_view'])).toBeUndefined();
    expect(eventNameProblem('generation_completed')).toBeUndefined();
  });

  it('gives the page params their longer value limits', () => {
    expect([ga4ValueLimit('page_location'), ga4ValueLimit('page_referrer'), ga4ValueLimit('page_title')]).toEqual([1000, 420, 300]);
    expect(ga4ValueLimit('feature')).toBe(100);
  });
});
