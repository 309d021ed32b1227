// SPA page views in the App Router, counted at the collector: one per client-side navigation,
// with that route's title, and none for a replaceState that touches only the search params.
import { describe, expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';
import type { CollectedEvent } from './lib/stack.js';
import { clickNav, landWithConsent, settle, TITLES } from './lib/walks.js';

const e2e = useE2E();

const pageViews = (events: CollectedEvent[]) => events.filter((e) => e.name === 'page_view');
const documents = () => e2e.session.requests.filter((r) => r.resourceType === 'document').length;

/** Lands with consent and waits for the landing page view; returns how many page views exist. */
async function landed(): Promise<CollectedEvent[]> {
  await landWithConsent(e2e.session.page, e2e.stack);
  const events = await e2e.stack.waitForEvents((list) => pageViews(list).some((e) => e.params.page_title === TITLES['/']),
    'the landing page view');
  return pageViews(events);
}

describe('page views of client-side navigations', () => {
  it('N navigations through next/link yield exactly N page views with the right titles', async () => {
    const { page } = e2e.session;
    const before = await landed();
    const loads = documents();

    const route = ['pricing', 'signup', 'home', 'analytics', 'pricing'] as const;
    for (const nav of route) await clickNav(page, nav);
    expect(documents(), 'document loads during the navigations (they must be client-side)').toBe(loads);

    const paths = route.map((nav) => (nav === 'home' ? '/' : `/${nav}`) as keyof typeof TITLES);
    await e2e.stack.waitForEvents((list) => pageViews(list).length >= before.length + route.length,
      `${route.length} more page views`);
    await settle(page);
    const after = pageViews(await e2e.stack.events()).slice(before.length);
    expect(after.map((e) => e.params.page_title)).toEqual(paths.map((p) => TITLES[p]));
    expect(after.map((e) => new URL(String(e.params.page_location)).pathname)).toEqual(paths);
    // Each view names the previous route as its referrer, not the landing page forever.
    expect(after.map((e) => new URL(String(e.params.page_referrer)).pathname)).toEqual(['/', ...paths.slice(0, -1)]);
  });

  it('a replaceState that changes only campaign, click-id or checkout params yields no page view', async () => {
    await expectNoPageViewFor(['?utm_source=newsletter', '?utm_source=newsletter&utm_medium=email', '?gclid=abc123',
      '?session_id=cs_test_a1b2c3d4e5f6']);
  });

  it('a replaceState that changes only a filter in the search params yields no page view', async () => {
    // What a filter control or a search box does: rewrite the query on every change.
    await expectNoPageViewFor(['?filter=recent', '?filter=recent&sort=desc', '?filter=all']);
  });
});

/**
 * On /analytics (after its page view arrived), rewrites the query with `history.replaceState`
 * once per entry (Next.js syncs its router with native history calls, so `useSearchParams`
 * and RouteTracker see each one), then checks no page view followed, and that a real
 * navigation afterwards is still counted.
 */
async function expectNoPageViewFor(queries: string[]): Promise<void> {
  const { page } = e2e.session;
  await landed();
  await clickNav(page, 'analytics');
  const count = pageViews(await e2e.stack.waitForEvents(
    (list) => pageViews(list).some((e) => e.params.page_title === TITLES['/analytics']), 'the /analytics page view')).length;
  for (const query of queries) {
    await page.evaluate((q) => history.replaceState(history.state, '', location.pathname + q), query);
    await page.waitForURL((url) => url.search === query);
  }
  await settle(page);
  const extra = pageViews(await e2e.stack.events()).slice(count);
  expect(extra.map((e) => e.params.page_location), `page views after replaceState ${queries.join(', ')}`).toEqual([]);
  await clickNav(page, 'pricing');
  await e2e.stack.waitForEvents((list) => pageViews(list).length === count + 1, 'the /pricing page view');
}
