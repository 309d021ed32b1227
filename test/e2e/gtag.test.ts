// The demo with a GA4 measurement id: gtag.js is loaded as well as the collector. Google is not
// reachable, so the test answers gtag.js with a stub that does nothing, and asserts on the
// dataLayer the page built, which is exactly what the real gtag.js would read.
import { describe, expect, it } from 'vitest';
import type { DataLayerPush } from './lib/browser.js';
import { useE2E } from './lib/harness.js';
import { acceptConsent, clickNav, settle, TITLES, visit } from './lib/walks.js';

const MEASUREMENT_ID = 'G-TEST12345';
const e2e = useE2E({ GA_MEASUREMENT_ID: MEASUREMENT_ID });

const commands = (layer: DataLayerPush[]) => layer.filter((p) => p.gtag).map((p) => p.value as unknown[]);
const isCommand = (c: unknown[], ...head: unknown[]) => head.every((h, i) => c[i] === h);
const eventNames = (layer: DataLayerPush[]) => commands(layer).filter((c) => c[0] === 'event').map((c) => c[1]);

describe('with GA_MEASUREMENT_ID set', () => {
  it('pushes consent default, then js, then config, and loads gtag.js once', async () => {
    const { page } = e2e.session;
    await visit(page, e2e.stack, '/');
    await page.waitForFunction(() => (window as { __taxonGtagStubLoaded?: number }).__taxonGtagStubLoaded === 1);
    const layer = commands(await e2e.session.dataLayer());

    const first = (...head: unknown[]) => layer.findIndex((c) => isCommand(c, ...head));
    const consentDefault = first('consent', 'default');
    const js = first('js');
    const config = first('config', MEASUREMENT_ID);
    expect([consentDefault, js, config].every((i) => i >= 0), `dataLayer: ${JSON.stringify(layer)}`).toBe(true);
    expect(consentDefault).toBeLessThan(js);
    expect(js).toBeLessThan(config);
    expect(layer.filter((c) => isCommand(c, 'consent', 'default'))).toHaveLength(1);
    expect(layer.filter((c) => isCommand(c, 'config', MEASUREMENT_ID))).toHaveLength(1);
    expect(layer[consentDefault]![2]).toMatchObject({
      analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied',
    });
    // Route page views are Taxon's own, so gtag's automatic one is off.
    expect(layer[config]![2]).toMatchObject({ send_page_view: false });

    await clickNav(page, 'pricing');
    await clickNav(page, 'signup');
    await settle(page);
    const gtagRequests = e2e.session.requests.filter((r) => r.url.startsWith('https://www.googletagmanager.com/gtag/js'));
    expect(gtagRequests.map((r) => new URL(r.url).searchParams.get('id'))).toEqual([MEASUREMENT_ID]);
    expect(e2e.session.gtagJsRequests()).toBe(1);
  });

  it('puts page views and taxonomy events in the dataLayer, and accepting consent adds no page view', async () => {
    const { page } = e2e.session;
    await visit(page, e2e.stack, '/');
    await page.waitForFunction(() => (window as { __taxonGtagStubLoaded?: number }).__taxonGtagStubLoaded === 1);
    await settle(page, 500);
    const beforeConsent = await e2e.session.dataLayer();
    const viewsBefore = eventNames(beforeConsent).filter((n) => n === 'page_view').length;
    expect(viewsBefore, 'gtag receives the page view while denied (Consent Mode)').toBe(1);

    await acceptConsent(page);
    await settle(page, 500);
    const afterConsent = await e2e.session.dataLayer();
    const update = commands(afterConsent).filter((c) => isCommand(c, 'consent', 'update'));
    expect(update.length).toBeGreaterThan(0);
    expect(update.at(-1)![2]).toMatchObject({ analytics_storage: 'granted' });
    expect(eventNames(afterConsent).filter((n) => n === 'page_view')).toHaveLength(viewsBefore);
    // The demo's landing_viewed waits for consent (LandingTracker) and then goes to gtag as well.
    expect(eventNames(afterConsent)).toContain('landing_viewed');

    await clickNav(page, 'pricing');
    await clickNav(page, 'signup');
    await settle(page);
    const layer = await e2e.session.dataLayer();
    const views = commands(layer).filter((c) => isCommand(c, 'event', 'page_view'));
    expect(views.map((c) => (c[2] as Record<string, unknown>).page_title))
      .toEqual([TITLES['/'], TITLES['/pricing'], TITLES['/signup']]);
    expect(eventNames(layer)).toContain('signup_started');
    for (const c of commands(layer).filter((c) => c[0] === 'event')) {
      expect((c[2] as Record<string, unknown>).send_to, `send_to of ${String(c[1])}`).toBe(MEASUREMENT_ID);
    }

    // The same events went to the collector too, once consent allowed it.
    const collected = await e2e.stack.waitForEvents((list) => list.some((e) => e.name === 'signup_started'), 'signup_started');
    expect(collected.filter((e) => e.name === 'page_view').map((e) => e.params.page_title))
      .toEqual([TITLES['/pricing'], TITLES['/signup']]);
    // Every push the recorder saw is in the live dataLayer, in the same order (nothing replaced it).
    expect(e2e.session.dataLayerPushes.map((p) => p.value)).toEqual(layer.map((p) => p.value));
  });
});
