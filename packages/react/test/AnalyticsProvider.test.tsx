// @vitest-environment jsdom
import { act, cleanup, render, renderHook } from '@testing-library/react';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalyticsProvider, useAnalytics, useTrackEvent } from '@taxon/react';
import { configs, gtagCommands, gtagScripts, makeTracker, MEASUREMENT_ID, pageViews, resetPage } from './lib/page.js';

beforeEach(() => {
  resetPage();
  document.title = 'Home';
});
afterEach(() => {
  cleanup();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('AnalyticsProvider', () => {
  it('under StrictMode loads one script, writes one config and sends one page view', () => {
    const tracker = makeTracker();
    render(
      <StrictMode>
        <AnalyticsProvider tracker={tracker}>
          <main>app</main>
        </AnalyticsProvider>
      </StrictMode>,
    );
    expect(gtagScripts()).toHaveLength(1);
    expect(gtagScripts()[0]!.src).toContain(`id=${MEASUREMENT_ID}`);
    expect(configs()).toHaveLength(1);
    expect(configs()[0]).toEqual(['config', MEASUREMENT_ID, expect.objectContaining({ send_page_view: false })]);
    expect(pageViews()).toHaveLength(1);
    expect(pageViews()[0]).toMatchObject({ page_location: 'http://localhost:3000/', page_title: 'Home' });
  });

  it('in a plain React app, page views follow client-side navigation (automatic page views)', async () => {
    const tracker = makeTracker();
    // A router-less stand-in for react-router: it pushes history, then renders the new page.
    const page = (title: string) => (
      <StrictMode>
        <AnalyticsProvider tracker={tracker}>
          <title>{title}</title>
          <main>{title}</main>
        </AnalyticsProvider>
      </StrictMode>
    );
    const { rerender } = render(page('Home'));
    await act(async () => {
      window.history.pushState(null, '', '/pricing');
      rerender(page('Pricing'));
    });
    expect(pageViews().map((p) => [p.page_location, p.page_title])).toEqual([
      ['http://localhost:3000/', 'Home'],
      ['http://localhost:3000/pricing', 'Pricing'],
    ]);
  });

  it('starts the tracker before children track in their mount effects, so consent and config come first', () => {
    const tracker = makeTracker({ pageViews: { auto: false } });
    function Child() {
      const trackEvent = useTrackEvent<typeof tracker>();
      useEffect(() => trackEvent('feature_used', { feature: 'rewrite' }), [trackEvent]);
      return null;
    }
    render(
      <AnalyticsProvider tracker={tracker}>
        <Child />
      </AnalyticsProvider>,
    );
    const commands = gtagCommands().map((c) => `${String(c[0])}:${String(c[1])}`);
    expect(commands[0]).toBe('consent:default');
    expect(commands.indexOf(`config:${MEASUREMENT_ID}`)).toBeLessThan(commands.indexOf('event:feature_used'));
    expect(commands).toContain('event:feature_used');
  });

  it('shuts the tracker down on unmount: route changes stop producing page views', async () => {
    const tracker = makeTracker();
    const { unmount } = render(<AnalyticsProvider tracker={tracker}>app</AnalyticsProvider>);
    unmount();
    window.history.pushState(null, '', '/after-unmount');
    document.title = 'After unmount';
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pageViews()).toHaveLength(1);
  });
});

describe('useTrackEvent', () => {
  it("returns the tracker's trackEvent with a stable identity across renders", () => {
    const tracker = makeTracker({ pageViews: { auto: false } });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <AnalyticsProvider tracker={tracker}>{children}</AnalyticsProvider>
    );
    const { result, rerender } = renderHook(() => useTrackEvent<typeof tracker>(), { wrapper });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    expect(first).toBe(tracker.trackEvent);

    act(() => first('upgrade_clicked', { source: 'paywall', plan_type: 'free', target_plan: 'pro' }));
    const events = gtagCommands().filter((c) => c[0] === 'event' && c[1] === 'upgrade_clicked');
    expect(events).toEqual([
      [
        'event',
        'upgrade_clicked',
        expect.objectContaining({ source: 'paywall', plan_type: 'free', target_plan: 'pro', send_to: MEASUREMENT_ID }),
      ],
    ]);
  });
});

describe('useAnalytics', () => {
  it('returns the whole tracker given to the provider', () => {
    const tracker = makeTracker({ pageViews: { auto: false } });
    const { result } = renderHook(() => useAnalytics<typeof tracker>(), {
      wrapper: ({ children }) => <AnalyticsProvider tracker={tracker}>{children}</AnalyticsProvider>,
    });
    expect(result.current).toBe(tracker);
  });

  it('throws a clear error outside the provider in development', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useTrackEvent())).toThrowError(
      new RegExp(
        String.raw`useAnalytics\(\)/useTrackEvent\(\) was called outside <AnalyticsProvider>` +
          String.raw`[\s\S]*<AnalyticsProvider tracker=\{tracker\}>`,
      ),
    );
  });

  it('in production, outside the provider, returns a tracker that sends nothing and never throws', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { result } = renderHook(() => useAnalytics());
    const tracker = result.current;
    expect(() => {
      tracker.trackEvent('feature_used', { feature: 'rewrite' });
      tracker.pageView();
      tracker.setConsent({ analytics_storage: 'granted' });
      const handle = (tracker as unknown as { startGeneration(p: object): { complete(): void; fail(e: string): void } })
        .startGeneration({ feature: 'rewrite' });
      handle.complete();
      handle.fail('ai_timeout');
    }).not.toThrow();
    expect(tracker.decorateUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(gtagCommands()).toEqual([]);
    expect(gtagScripts()).toEqual([]);
  });
});

describe('the context', () => {
  it('is shared by every copy of the module (the CJS build bundles one per entry)', async () => {
    const first = await import('../src/context.js');
    vi.resetModules();
    const second = await import('../src/context.js');
    expect(second).not.toBe(first);
    expect(second.analyticsContext()).toBe(first.analyticsContext());
  });
});
