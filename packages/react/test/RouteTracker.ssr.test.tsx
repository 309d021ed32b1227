// @vitest-environment node
// A root layout that renders the providers stays statically renderable: during a static
// prerender Next's useSearchParams() bails out to client rendering (legacy prerender: throws
// BailoutToCSRError; with cacheComponents: suspends until the prerender ends). RouteTracker reads
// it inside its own Suspense boundary, so only that boundary is left to the client and the rest
// of the layout is in the HTML. React's own static prerender renders it here.
import type { ReactNode } from 'react';
import { prerender } from 'react-dom/static';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BailoutToCSRError } from 'next/dist/shared/lib/lazy-dynamic/bailout-to-csr.js';
import { AnalyticsProvider } from '@taxon/react';
import { RouteTracker } from '@taxon/react/next';
import { makeTracker } from './lib/page.js';

const mode = vi.hoisted(() => ({ searchParams: 'bailout' as 'bailout' | 'suspend' }));
vi.mock('next/navigation', () => ({
  usePathname: () => '/',
  useSearchParams: () => {
    if (mode.searchParams === 'bailout') throw new BailoutToCSRError('useSearchParams()');
    throw new Promise(() => {});
  },
}));

// Module scope, as in an app's lib/analytics.ts; creating it touches no DOM.
const tracker = makeTracker({ pageViews: { auto: false } });

function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AnalyticsProvider tracker={tracker}>
          <RouteTracker />
          {children}
        </AnalyticsProvider>
      </body>
    </html>
  );
}

async function prerenderHtml(element: ReactNode) {
  const errors: unknown[] = [];
  const controller = new AbortController();
  // Ends the prerender once the static work is done, as Next does; pending boundaries stay fallbacks.
  setTimeout(() => controller.abort(), 100);
  const { prelude } = await prerender(element, { signal: controller.signal, onError: (e) => void errors.push(e) });
  const html = await new Response(prelude).text();
  return { html, errors };
}

afterEach(() => {
  mode.searchParams = 'bailout';
});

describe('RouteTracker in a static prerender', () => {
  it.each(['bailout', 'suspend'] as const)(
    'leaves the root layout static when useSearchParams() bails out to the client (%s)',
    async (searchParams) => {
      mode.searchParams = searchParams;
      const { html, errors } = await prerenderHtml(
        <RootLayout>
          <main>Write better, faster.</main>
        </RootLayout>,
      );
      expect(html).toContain('<main>Write better, faster.</main>');
      // The one client-rendered part is RouteTracker's boundary, and it renders nothing.
      expect(html.match(/<!--\$[!?]-->/g)).toHaveLength(1);
      if (searchParams === 'bailout') {
        expect(errors).toEqual([expect.objectContaining({ digest: 'BAILOUT_TO_CLIENT_SIDE_RENDERING' })]);
      }
    },
  );
});
