// The outside-app scenario, run once per Next.js version/bundler by the test files: a user adds
// Taxon to someone else's app from the packed tarballs and sees correct data from the first page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hidePage, launchBrowser, openSession, type BrowserSession } from '../../e2e/lib/browser.js';
import { poll, type BadEvent, type CollectedEvent, type FunnelReport } from '../../e2e/lib/stack.js';
import {
  applyUserEdits,
  clientChunks,
  freePort,
  installApp,
  nextBuild,
  resetSources,
  startProcess,
  taxon,
  ZOD_MARKERS,
  type RunningProcess,
} from './outside-app.mjs';

const log = (line: string) => console.log(`[outside] ${line}`);

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

const pathOf = (event: CollectedEvent) => {
  const url = new URL(String(event.params.page_location));
  return `${url.pathname}${url.search}`;
};

/**
 * Declares the suite for one Next.js version: install with npm outside the repository,
 * `taxon init --yes`, the printed diff and the user's tracking calls, `taxon gen`, `next build`,
 * then Chromium against `next start` with `taxon collector` from the tarball.
 */
export function describeOutsideApp(options: { next: string; bundler: 'webpack' | 'Turbopack'; buildFlags: string[] }): void {
  const { bundler } = options;
  describe(`Taxon added to an outside Next.js ${options.next} app (${bundler}), from the tarballs`, () => {
    let dir: string;
    let initStdout: string;
    let buildOutput: string;
    let collectorUrl: string;
    let appUrl: string;
    const processes: RunningProcess[] = [];
    let browser: Browser | undefined;
    let session: BrowserSession | undefined;

    beforeAll(async () => {
      // Each step logs its duration: docs/testing.md keeps the CI time per step.
      let since = performance.now();
      const took = (step: string) => {
        log(`${step}: ${((performance.now() - since) / 1000).toFixed(1)} s`);
        since = performance.now();
      };
      dir = installApp({ tarballs: inject('outsideTarballs'), next: options.next, log });
      took(`install (next@${options.next})`);
      resetSources(dir);
      const init = taxon(dir, ['init', '--yes']);
      expect(init.code, `taxon init --yes:\n${init.stdout}${init.stderr}`).toBe(0);
      initStdout = init.stdout;
      applyUserEdits(dir, initStdout);
      const gen = taxon(dir, ['gen']);
      expect(gen.code, `taxon gen:\n${gen.stdout}${gen.stderr}`).toBe(0);
      took('taxon init, the user edits, taxon gen');

      const collectorPort = await freePort();
      collectorUrl = `http://127.0.0.1:${collectorPort}`;
      log(`next build (${bundler}) in ${dir}`);
      // The collector's address is a build-time public variable, as in the tracker module init wrote.
      buildOutput = nextBuild(dir, { flags: options.buildFlags, env: { NEXT_PUBLIC_TAXON_COLLECTOR_URL: collectorUrl } });
      took(`next build (${bundler})`);

      const appPort = await freePort();
      appUrl = `http://127.0.0.1:${appPort}`;
      // taxon.config.mjs (from init) allows the dev server on port 3000; this app runs elsewhere.
      processes.push(await startProcess(dir, join(dir, 'node_modules/.bin/taxon'),
        ['collector', '--port', String(collectorPort), '--data-dir', 'memory://', '--allow-origin', appUrl], {
          ready: /collector: http:\/\/127\.0\.0\.1:\d+/,
        }));
      processes.push(await startProcess(dir, process.execPath, [join(dir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(appPort), '-H', '127.0.0.1'], {
        ready: /Ready in|started server on/i,
      }));
      browser = await launchBrowser();
      took('taxon collector, next start, Chromium');
    });

    afterAll(async () => {
      await session?.close();
      await browser?.close();
      for (const p of processes.reverse()) await p.stop();
    });

    it('init wrote the starter files and printed the layout edit, which applies as printed', () => {
      for (const path of ['taxonomy/events.yaml', 'taxonomy/funnels.yaml', 'taxon.config.mjs', 'lib/analytics.ts', 'app/taxon-providers.tsx']) {
        expect(initStdout).toMatch(new RegExp(`create\\s+${path.replace(/[./]/g, '\\$&')}`));
      }
      expect(readFileSync(join(dir, 'app/layout.tsx'), 'utf8')).toContain('<TaxonProviders>{children}</TaxonProviders>');
      // The build really used the bundler under test (Next prints "(Turbopack)" beside its version).
      expect(/Turbopack/.test(buildOutput)).toBe(bundler === 'Turbopack');
      // A second init changes nothing and has no edit left to print.
      const again = taxon(dir, ['init', '--yes']);
      expect(again.stdout).toContain('Nothing to write: every file is already there.');
      expect(again.stdout).toContain('already wraps the app in <TaxonProviders>');
    });

    it('no client chunk contains zod', () => {
      const chunks = clientChunks(dir);
      expect(chunks.length).toBeGreaterThan(0);
      const withZod = chunks.filter((file) => {
        const text = readFileSync(file, 'utf8');
        return ZOD_MARKERS.some((marker) => marker.test(text));
      });
      expect(withZod.map((f) => f.slice(dir.length + 1))).toEqual([]);
    });

    it('page views carry each route\'s page_location after client-side navigation, and the starter funnel completes', async () => {
      session = await openSession(browser!);
      const { page } = session;
      await page.goto(`${appUrl}/`);
      await page.getByRole('heading', { name: 'Acme Notes' }).waitFor();
      const documents = () => session!.requests.filter((r) => r.resourceType === 'document').length;
      const loads = documents();

      // Client-side navigation through next/link, then the server-action form (redirect to /checkout).
      await page.getByRole('navigation').getByRole('link', { name: 'Pricing' }).click();
      await page.getByRole('heading', { name: 'Pricing' }).waitFor();
      await page.getByRole('button', { name: 'Choose Pro' }).click();
      await page.waitForURL(/\/checkout\?plan=pro$/);
      await page.getByRole('heading', { name: 'Checkout: Pro' }).waitFor();
      // Next 16 streams a dynamic page's metadata after its content: a visitor who stays sees the
      // title arrive, and hiding the page before it does would end the title wait without one.
      await page.waitForFunction(() => document.title.startsWith('Checkout'));
      expect(documents(), 'document loads during the navigations (they must be client-side)').toBe(loads);
      // Hidden pages flush the collector destination's queue with sendBeacon.
      await hidePage(page);

      const events = await poll(() => json<{ events: CollectedEvent[] }>(`${collectorUrl}/events`).then((r) => r.events),
        (list) => list.some((e) => e.name === 'checkout_started') && list.filter((e) => e.name === 'page_view').length >= 3,
        'three page views and checkout_started at the collector', 30_000,
        (list) => list.map((e) => `${e.name} ${JSON.stringify(e.params)}`).join('\n') || '(no events)');

      const views = events.filter((e) => e.name === 'page_view');
      expect(views.map(pathOf)).toEqual(['/', '/pricing', '/checkout?plan=pro']);
      expect(views.map((e) => e.params.page_title)).toEqual(['Acme Notes', 'Pricing | Acme Notes', 'Checkout | Acme Notes']);
      expect(events.filter((e) => e.name !== 'page_view').map((e) => e.name)).toEqual(['pricing_viewed', 'plan_selected', 'checkout_started']);

      // Events tracked in a route's effects carry that route's page data, after its page view.
      const byName = (name: string) => events.find((e) => e.name === name)!;
      expect(pathOf(byName('pricing_viewed'))).toBe('/pricing');
      expect(pathOf(byName('plan_selected'))).toBe('/pricing');
      expect(pathOf(byName('checkout_started'))).toBe('/checkout?plan=pro');
      const order = events.map((e) => (e.name === 'page_view' ? `page_view ${pathOf(e)}` : e.name));
      expect(order.indexOf('pricing_viewed')).toBeGreaterThan(order.indexOf('page_view /pricing'));
      expect(order.indexOf('checkout_started')).toBeGreaterThan(order.indexOf('page_view /checkout?plan=pro'));
      expect(new Set(events.map((e) => e.client_id)).size).toBe(1);

      const bad = (await json<{ events: BadEvent[] }>(`${collectorUrl}/events/bad`)).events;
      expect(bad).toEqual([]);
      const { funnels } = await json<{ funnels: FunnelReport[] }>(`${collectorUrl}/funnels`);
      const upgrade = funnels.find((f) => f.name === 'upgrade');
      expect(upgrade?.steps.map((s) => [s.name, s.count])).toEqual([['pricing_viewed', 1], ['plan_selected', 1], ['checkout_started', 1]]);
      expect(upgrade?.completed).toBe(1);
      expect(session.blockedRequests).toEqual([]);
    });

    it('taxon verify --collector passes for the starter funnel', () => {
      const verify = taxon(dir, ['verify', '--collector', collectorUrl, '--funnel', 'upgrade']);
      expect(verify.code, `${verify.stdout}${verify.stderr}`).toBe(0);
    });
  });
}
