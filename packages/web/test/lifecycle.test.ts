// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { scrubPii } from '@taxon/core';
import { newCorrelationId } from '../src/lifecycle.js';
import { sentEvents, startTracker, useCleanPage } from './helpers.js';

useCleanPage();

describe('lifecycles', () => {
  it('sends the started event with a correlation id and a client-owned terminal once', () => {
    const tracker = startTracker();
    const signup = tracker.startSignup({ source: 'pricing' });
    signup.complete({ signup_method: 'google' });
    expect(sentEvents()).toEqual([
      ['signup_started', { source: 'pricing', send_to: 'G-ABC123' }],
      ['signup_completed', { signup_method: 'google', send_to: 'G-ABC123' }],
    ]);
    expect(signup.closed).toBe(true);
  });

  it('refuses a starter without the lifecycles feature: a clear error in development, a closed handle otherwise', () => {
    const onViolation = vi.fn();
    const tracker = startTracker({ features: [], onViolation });
    expect(() => tracker.startSignup({ source: 'pricing' })).toThrow(/features: \[lifecycles\(\)\]/);
    const warned = startTracker({ features: [], violations: 'warn', onViolation });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handle = warned.startSignup({ source: 'pricing' });
    handle.complete({ signup_method: 'google' });
    warn.mockRestore();
    expect(handle.closed).toBe(true);
    expect(sentEvents()).toEqual([]);
    expect(onViolation).toHaveBeenCalledTimes(2);
    expect(onViolation.mock.calls[0]![0]).toMatchObject({ code: 'invalid_config' });
  });

  it('refuses decorateUrl without the crossDomain feature, returning the URL as it is', () => {
    const tracker = startTracker({ features: [], consent: { default: { analytics_storage: 'granted' } } });
    expect(() => tracker.decorateUrl('https://shop.example.com/')).toThrow(/features: \[crossDomain\(\)\]/);
    const warned = startTracker({ features: [], violations: 'warn', consent: { default: { analytics_storage: 'granted' } } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(warned.decorateUrl('https://shop.example.com/')).toBe('https://shop.example.com/');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/crossDomain/));
    warn.mockRestore();
  });

  it('takes only its own features: an object an app builds never reaches the trusted-params entry', () => {
    const onViolation = vi.fn();
    const setup = vi.fn((host: { track(name: string, params: object, trusted: string[]): void }) => {
      host.track('feature_used', { feature: 'rewrite', source: 'jane@example.com' }, ['source']);
      return {};
    });
    // @ts-expect-error a hand-made feature has no setup key the tracker reads
    const tracker = startTracker({ features: [{ name: 'lifecycles', setup }], violations: 'hook', onViolation });
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    expect(setup).not.toHaveBeenCalled();
    expect(onViolation).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('features takes') }));
    expect(sentEvents()).toEqual([['feature_used', { feature: 'rewrite', send_to: 'G-ABC123' }]]);
  });

  it('tells development that the old `linker` option is now the crossDomain feature', () => {
    const onViolation = vi.fn();
    // @ts-expect-error the option of earlier versions
    startTracker({ linker: { domains: ['shop.example.com'] }, violations: 'hook', onViolation });
    expect(onViolation).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('crossDomain({ domains') }));
  });

  it('makes correlation ids PII scrubbing reads as random tokens only, never as an IBAN or a number', () => {
    // The old ids (20 random base-36 characters) came out of scrubPii as [iban] about 3.6% of the time.
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = newCorrelationId();
      seen.add(id);
      expect(id).toMatch(/^[1-9][0-9a-z]{19}$/);
      expect([id, '[secret]']).toContain(scrubPii(id));
    }
    expect(seen.size).toBe(20_000);
  });

  it('reports a second terminal call as a violation and sends nothing more', () => {
    const onViolation = vi.fn();
    const tracker = startTracker({ onViolation });
    const signup = tracker.startSignup({ source: 'landing' });
    signup.fail('server_error');
    expect(() => signup.complete({ signup_method: 'password' })).toThrow(/already ended/);
    expect(sentEvents().map(([n]) => n)).toEqual(['signup_started', 'signup_failed']);
    expect(sentEvents()[1]![1]).toMatchObject({ signup_error: 'server_error' });
    expect(onViolation).toHaveBeenCalledWith(expect.objectContaining({ code: 'lifecycle_second_terminal' }));
  });

  it('never throws on a second terminal call in hook mode', () => {
    const onViolation = vi.fn();
    const tracker = startTracker({ violations: 'hook', onViolation });
    const signup = tracker.startSignup({ source: 'landing' });
    signup.complete({ signup_method: 'github' });
    expect(() => signup.fail('server_error')).not.toThrow();
    expect(onViolation).toHaveBeenCalledTimes(1);
  });

  it('does not send server-owned terminals from the browser, but closes the lifecycle', () => {
    const tracker = startTracker();
    const generation = tracker.startGeneration({ feature: 'rewrite', model: 'gpt-4.1', plan_type: 'pro' });
    expect(generation.correlationId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    generation.complete({ tokens: 1532, success: true });
    const failed = tracker.startGeneration({ feature: 'rewrite', model: 'gpt-4.1', plan_type: 'pro' });
    failed.fail('ai_timeout');
    expect(sentEvents().map(([n]) => n)).toEqual(['generation_started', 'generation_started']);
    expect(sentEvents()[0]![1]).toMatchObject({ correlation_id: generation.correlationId });
    expect(generation.closed && failed.closed).toBe(true);
  });

  it('reports a lifecycle still open when the page is hidden as abandoned, once', () => {
    const onViolation = vi.fn();
    const tracker = startTracker({ onViolation });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const open = tracker.startGeneration({ feature: 'expand', model: 'gpt-4o-mini', plan_type: 'free' });
    tracker.startSignup({ source: 'landing' }).complete({ signup_method: 'password' });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('pagehide'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    const abandoned = onViolation.mock.calls.map(([v]) => v).filter((v) => v.code === 'lifecycle_abandoned');
    expect(abandoned).toHaveLength(1);
    expect(abandoned[0].message).toContain(open.correlationId);
    expect(sentEvents().map(([n]) => n)).not.toContain('generation_abandoned');
    warn.mockRestore();
  });
});
