// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { crossDomain, ga4, gtm } from '../src/index.js';
import { gtagCommands, gtagEvents, isArguments, layer, makeTracker, useCleanPage } from './helpers.js';

useCleanPage();

const scripts = () => Array.from(document.querySelectorAll('script')).map((s) => s.getAttribute('src'));

describe('ga4 destination', () => {
  it('pushes consent default, then js, then config, before any event', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], consent: { default: { analytics_storage: 'denied' } } });
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    tracker.start();
    const commands = gtagCommands().map((c) => c[0] === 'consent' ? `consent ${String(c[1])}` : String(c[0]));
    expect(commands.slice(0, 3)).toEqual(['consent default', 'js', 'config']);
    expect(commands.slice(3)).toEqual(['event', 'event']);
  });

  it('pushes gtag commands as arguments objects, as gtag.js requires', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })] });
    tracker.start();
    const raw = (window as unknown as { dataLayer: unknown[] }).dataLayer;
    expect(raw.length).toBeGreaterThan(0);
    for (const entry of raw) expect(isArguments(entry)).toBe(true);
  });

  it('owns the config: send_page_view false, linker, and one config however often start() runs', () => {
    const tracker = makeTracker({
      destinations: [ga4({ measurementId: 'G-ABC123', config: { cookie_domain: 'auto' } })],
      features: [crossDomain({ domains: ['writer.ai', 'checkout.writer.ai'], decorateForms: true })],
    });
    tracker.start();
    tracker.start();
    tracker.shutdown();
    tracker.start();
    const configs = gtagCommands().filter((c) => c[0] === 'config');
    expect(configs).toEqual([
      ['config', 'G-ABC123', {
        cookie_domain: 'auto',
        send_page_view: false,
        linker: { domains: ['writer.ai', 'checkout.writer.ai'], accept_incoming: true, decorate_forms: true },
      }],
    ]);
    expect(scripts()).toEqual(['https://www.googletagmanager.com/gtag/js?id=G-ABC123']);
    expect(gtagEvents().filter(([name]) => name === 'page_view')).toHaveLength(1);
  });

  it('loads gtag.js once per document, with the nonce, even from two trackers', () => {
    const a = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123', nonce: 'n0nce' })] });
    const b = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123', nonce: 'n0nce' })] });
    a.start();
    b.start();
    const tags = document.querySelectorAll('script');
    expect(tags).toHaveLength(1);
    expect(tags[0]!.nonce).toBe('n0nce');
    expect(tags[0]!.async).toBe(true);
    expect(gtagCommands().filter((c) => c[0] === 'consent')).toHaveLength(1);
  });

  it('rejects an invalid measurement id before any script or dataLayer entry', () => {
    const onViolation = vi.fn();
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'UA-12345-1' })], violations: 'hook', onViolation });
    tracker.start();
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    expect(scripts()).toEqual([]);
    expect(layer()).toEqual([]);
    expect(onViolation).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('"UA-12345-1"') }));
  });

  it('throws for an invalid id in development (default mode) without injecting anything', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-<script>' })] });
    expect(() => tracker.start()).toThrow(/not a GA4 measurement id/);
    expect(scripts()).toEqual([]);
  });

  it('adds &l= to the script URL for a custom dataLayer name and pushes there', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123', dataLayerName: 'taxonLayer' })] });
    tracker.start();
    tracker.trackEvent('feature_used', { feature: 'expand' });
    expect(scripts()).toEqual(['https://www.googletagmanager.com/gtag/js?id=G-ABC123&l=taxonLayer']);
    expect(gtagEvents('taxonLayer').map(([n]) => n)).toEqual(['page_view', 'feature_used']);
    expect((window as unknown as Record<string, unknown>).dataLayer).toBeUndefined();
  });

  it('sends consent updates as gtag commands, once per dataLayer, without a page view', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' }), ga4({ measurementId: 'G-DEF456' })] });
    tracker.start();
    const before = gtagEvents().length;
    tracker.setConsent({ analytics_storage: 'granted', ad_storage: 'granted' });
    expect(gtagCommands().filter((c) => c[0] === 'consent' && c[1] === 'update')).toEqual([
      ['consent', 'update', { ad_storage: 'granted', analytics_storage: 'granted' }],
    ]);
    expect(gtagEvents()).toHaveLength(before);
  });

  it('puts a consent update made before start() right after the default, before js/config', () => {
    const tracker = makeTracker({ destinations: [ga4({ measurementId: 'G-ABC123' })], consent: { waitForUpdate: 500, regions: [{ region: ['DE', 'FR'], analytics_storage: 'denied' }] } });
    tracker.setConsent({ analytics_storage: 'granted' });
    tracker.start();
    const commands = gtagCommands();
    expect(commands.slice(0, 4).map((c) => `${String(c[0])} ${String(c[1])}`)).toEqual([
      'consent default', 'consent default', 'consent update', `js ${String(commands[3]![1])}`,
    ]);
    expect(commands[0]![2]).toEqual({ ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', wait_for_update: 500 });
    expect(commands[1]![2]).toEqual({ analytics_storage: 'denied', region: ['DE', 'FR'], wait_for_update: 500 });
    expect(commands[2]![2]).toMatchObject({ analytics_storage: 'granted' });
  });
});

describe('gtm destination', () => {
  it('pushes plain objects for events, after the consent default and gtm.js start', () => {
    const tracker = makeTracker({ destinations: [gtm({ containerId: 'GTM-AB12CD3' })] });
    tracker.start();
    tracker.trackEvent('upgrade_clicked', { source: 'paywall', plan_type: 'free' });
    const entries = (window as unknown as { dataLayer: unknown[] }).dataLayer;
    expect(isArguments(entries[0])).toBe(true);
    expect(Array.from(entries[0] as ArrayLike<unknown>).slice(0, 2)).toEqual(['consent', 'default']);
    const objects = entries.slice(1);
    for (const entry of objects) {
      expect(isArguments(entry)).toBe(false);
      expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
    }
    expect(objects[0]).toMatchObject({ event: 'gtm.js' });
    // Every event carries its page, in the dataLayer as on gtag and the collector.
    expect(objects.at(-1)).toEqual({ event: 'upgrade_clicked', source: 'paywall', plan_type: 'free', page_location: 'http://localhost:3000/' });
    expect(scripts()).toEqual(['https://www.googletagmanager.com/gtm.js?id=GTM-AB12CD3']);
  });

  it('adds &l= for a custom dataLayer name', () => {
    makeTracker({ destinations: [gtm({ containerId: 'GTM-AB12CD3', dataLayerName: 'taxonLayer' })] }).start();
    expect(scripts()).toEqual(['https://www.googletagmanager.com/gtm.js?id=GTM-AB12CD3&l=taxonLayer']);
    expect(layer('taxonLayer').some((e) => (e as { event?: string }).event === 'gtm.js')).toBe(true);
  });

  it('rejects an invalid container id before any script is injected', () => {
    const onViolation = vi.fn();
    makeTracker({ destinations: [gtm({ containerId: 'GTM-x"><img' })], violations: 'hook', onViolation }).start();
    expect(scripts()).toEqual([]);
    expect(onViolation).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_config' }));
  });
});
