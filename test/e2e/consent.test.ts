// Consent Mode v2 in the demo: analytics_storage is denied until the banner is accepted, so the
// collector receives nothing and no cookie is written; accepting lets events flow and sends no
// page view of its own.
import { describe, expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';
import { acceptConsent, clickNav, settle, TITLES, visit } from './lib/walks.js';

const e2e = useE2E();

const toCollector = () => e2e.session.requests.filter((r) => r.url.startsWith(e2e.stack.collectorUrl));

describe('consent', () => {
  it('before acceptance: nothing reaches the collector and no cookie is set', async () => {
    const { page, context } = e2e.session;
    await visit(page, e2e.stack, '/');
    await page.getByTestId('consent-accept').waitFor();
    await clickNav(page, 'pricing');
    await clickNav(page, 'signup');
    await clickNav(page, 'home');
    await settle(page);

    expect(toCollector().map((r) => `${r.method} ${r.url}`), 'browser requests to the collector').toEqual([]);
    expect(await e2e.stack.events()).toEqual([]);
    expect(await e2e.stack.badEvents()).toEqual([]);
    expect((await context.cookies()).map((c) => `${c.name} (${c.domain})`), 'cookies').toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  it('after acceptance: events flow, the _ga cookies appear, and accepting sends no page view', async () => {
    const { page, context } = e2e.session;
    await visit(page, e2e.stack, '/');
    await clickNav(page, 'signup');
    await acceptConsent(page);
    await settle(page);
    // Consent granted on /signup: that page was viewed while denied, and granting re-sends nothing.
    expect((await e2e.stack.events()).filter((e) => e.name === 'page_view'), 'page views right after accepting').toEqual([]);

    await clickNav(page, 'pricing');
    await e2e.stack.waitForEvents((list) => list.some((e) => e.name === 'page_view'), 'the /pricing page view');
    await settle(page);
    const views = (await e2e.stack.events()).filter((e) => e.name === 'page_view');
    expect(views.map((e) => e.params.page_title)).toEqual([TITLES['/pricing']]);
    expect(toCollector().length).toBeGreaterThan(0);
    const cookies = (await context.cookies()).map((c) => c.name);
    expect(cookies).toContain('_ga');
    expect(cookies.some((name) => /^_ga_/.test(name)), `session cookie _ga_<id> in ${cookies.join(', ')}`).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('quill.consent'))).not.toBeNull();
  });
});
