// @vitest-environment jsdom
// App Router route tracking, driven the way Next.js drives it: the router updates the URL in the
// commit of the new route (history.pushState in an insertion effect), and usePathname() /
// useSearchParams() return the new values in the same render. next/navigation is mocked (it is
// Next's module, and needs Next's router context); the tracker, the provider, React's <title>
// handling and the dataLayer are real.
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode, Suspense, use, useEffect, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalyticsProvider } from '@taxon/react';
import { RouteTracker } from '@taxon/react/next';
import { makeTracker, pageViewRoutes, pageViews, resetPage } from './lib/page.js';

const route = vi.hoisted(() => ({ pathname: '/', search: '' }));
vi.mock('next/navigation', () => ({
  usePathname: () => route.pathname,
  useSearchParams: () => new URLSearchParams(route.search),
}));

type Tracker = ReturnType<typeof makeTracker>;

interface ProvidersProps {
  tracker: Tracker;
  children: ReactNode;
  titleTimeoutMs?: number;
  /** Whether the RouteTracker is rendered. @default true */
  routes?: boolean;
}

/** The root layout's client providers file. */
function Providers(props: ProvidersProps) {
  const { tracker, children, titleTimeoutMs, routes = true } = props;
  return (
    <AnalyticsProvider tracker={tracker}>
      {routes && <RouteTracker {...(titleTimeoutMs === undefined ? {} : { titleTimeoutMs })} />}
      {children}
    </AnalyticsProvider>
  );
}

/**
 * The app under StrictMode, as `next dev` renders it (reactStrictMode wraps the root). StrictMode
 * must be the root element here: React 19.3 replays mount effects only under a root-level
 * StrictMode, not under one nested in a component.
 */
function app(page: ReactNode, routes = true) {
  const timeoutProp = timeout === undefined ? {} : { titleTimeoutMs: timeout };
  return (
    <StrictMode>
      <Providers tracker={tracker} routes={routes} {...timeoutProp}>
        {page}
      </Providers>
    </StrictMode>
  );
}

/** A page whose metadata title React hoists into <head> in the same commit. */
function Page({ title }: { title: string }) {
  return (
    <>
      <title>{title}</title>
      <main>{title}</main>
    </>
  );
}

function Metadata({ title, ready }: { title: string; ready: Promise<void> }) {
  use(ready);
  return <title>{title}</title>;
}

/** A page whose title is streamed: it commits when `ready` resolves (Next's streamed metadata). */
function StreamedTitlePage({ title, ready }: { title: string; ready: Promise<void> }) {
  return (
    <>
      <Suspense fallback={null}>
        <Metadata title={title} ready={ready} />
      </Suspense>
      <main>{title}</main>
    </>
  );
}

/** A page that sets document.title itself once its data arrives; the old title stays until then. */
function LateTitlePage({ title, ready }: { title: string; ready: Promise<void> }) {
  useEffect(() => {
    let live = true;
    void ready.then(() => {
      if (live) document.title = title;
    });
    return () => {
      live = false;
    };
  }, [title, ready]);
  return <main>{title}</main>;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

let view: ReturnType<typeof render>;
let tracker: Tracker;
let timeout: number | undefined;

async function mount(t: Tracker, page: ReactNode, titleTimeoutMs?: number) {
  tracker = t;
  timeout = titleTimeoutMs;
  // An awaited act lets a page that suspends (streamed metadata) resume when its data arrives.
  await act(async () => {
    view = render(app(page));
  });
}

/** A client navigation: the URL and the navigation hooks change, and the new page renders. */
async function navigate(href: string, page: ReactNode, method: 'pushState' | 'replaceState' = 'pushState') {
  await act(async () => {
    const url = new URL(href, window.location.href);
    window.history[method](null, '', url);
    route.pathname = url.pathname;
    route.search = url.search.slice(1);
    view.rerender(app(page));
  });
}

/** Lets microtasks (MutationObserver records, resolved promises) and React's work settle. */
const settle = () => act(async () => {});

beforeEach(() => {
  resetPage();
  route.pathname = '/';
  route.search = '';
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('RouteTracker', () => {
  it('sends one page view per route change, each with the new route title, under StrictMode', async () => {
    await mount(makeTracker({ pageViews: { auto: false } }), <Page title="Home" />);
    await navigate('/pricing', <Page title="Pricing" />);
    await navigate('/app/documents', <Page title="Documents" />);
    await navigate('/settings?tab=billing', <Page title="Settings" />);
    await navigate('/pricing', <Page title="Pricing" />);
    await settle();

    expect(pageViewRoutes()).toEqual([
      ['/', 'Home'],
      ['/pricing', 'Pricing'],
      ['/app/documents', 'Documents'],
      ['/settings?tab=billing', 'Settings'],
      ['/pricing', 'Pricing'],
    ]);
    expect(pageViews()[1]).toMatchObject({ page_referrer: 'http://localhost:3000/' });
  });

  it.each([
    // The old <title> is React's and leaves with the old page; the new one streams in later.
    ['streamed metadata: no title until it arrives', () => <Page title="Home" />, StreamedTitlePage],
    // The first title came with the server HTML, and the page replaces it once its data arrives.
    ['a page setting document.title late: the old title stays until then', () => {
      document.title = 'Home';
      return <main>Home</main>;
    }, LateTitlePage],
  ])('waits for a new route title that comes after the route effect (%s)', async (_, firstPage, LatePage) => {
    await mount(makeTracker({ pageViews: { auto: false } }), firstPage());
    const metadata = deferred();
    await navigate('/pricing', <LatePage title="Pricing" ready={metadata.promise} />);
    await settle();
    expect(pageViewRoutes()).toEqual([['/', 'Home']]);

    await act(async () => metadata.resolve());
    await settle();
    expect(pageViewRoutes()).toEqual([
      ['/', 'Home'],
      ['/pricing', 'Pricing'],
    ]);
  });

  it("waits for the first page's title when it streams in after hydration, under StrictMode", async () => {
    const metadata = deferred();
    const first = <StreamedTitlePage title="Home" ready={metadata.promise} />;
    await mount(makeTracker({ pageViews: { auto: false } }), first);
    await settle();
    expect(pageViews()).toEqual([]);

    await act(async () => metadata.resolve());
    await settle();
    expect(pageViewRoutes()).toEqual([['/', 'Home']]);
  });

  it("waits for a streamed first title with the tracker's automatic page views left on", async () => {
    const metadata = deferred();
    await mount(makeTracker(), <StreamedTitlePage title="Home" ready={metadata.promise} />);
    await settle();
    expect(pageViews()).toEqual([]);

    await act(async () => metadata.resolve());
    await settle();
    await navigate('/pricing', <Page title="Pricing" />);
    await settle();
    expect(pageViewRoutes()).toEqual([
      ['/', 'Home'],
      ['/pricing', 'Pricing'],
    ]);
  });

  it('sends the page view after titleTimeoutMs when two routes share a title', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await mount(makeTracker({ pageViews: { auto: false } }), <Page title="Acme" />, 500);
    await navigate('/about', <Page title="Acme" />);
    await act(() => vi.advanceTimersByTimeAsync(499));
    expect(pageViewRoutes()).toEqual([['/', 'Acme']]);

    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(pageViewRoutes()).toEqual([
      ['/', 'Acme'],
      ['/about', 'Acme'],
    ]);
  });

  it('sends nothing for a search-param-only replaceState, whatever the params; a pushed query is a route', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await mount(makeTracker({ pageViews: { auto: false } }), <Page title="Documents" />);
    await navigate('/?filter=drafts', <Page title="Documents" />, 'replaceState');
    await navigate('/?filter=drafts&utm_source=newsletter', <Page title="Documents" />, 'replaceState');
    await navigate('/?filter=shared&folder=archive', <Page title="Documents" />, 'replaceState');
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(pageViewRoutes()).toEqual([['/', 'Documents']]);

    await navigate('/?filter=shared&folder=trash', <Page title="Documents" />, 'pushState');
    await navigate('/?filter=shared&folder=trash&gclid=abc', <Page title="Documents" />, 'pushState');
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(pageViewRoutes()).toEqual([
      ['/', 'Documents'],
      ['/?filter=shared&folder=trash', 'Documents'],
    ]);
  });

  it('still counts a route left before its title arrived, at its own location and without a stale title', async () => {
    document.title = 'Home';
    await mount(makeTracker({ pageViews: { auto: false } }), <main>Home</main>);
    await navigate('/pricing', <LateTitlePage title="Pricing" ready={new Promise(() => {})} />);
    await navigate('/signup', <Page title="Sign up" />);
    await settle();
    expect(pageViewRoutes()).toEqual([
      ['/', 'Home'],
      ['/pricing', undefined],
      ['/signup', 'Sign up'],
    ]);
  });

  it('sends a page view still waiting for its title when the page is hidden', async () => {
    document.title = 'Home';
    await mount(makeTracker({ pageViews: { auto: false } }), <main>Home</main>);
    await navigate('/pricing', <LateTitlePage title="Pricing" ready={new Promise(() => {})} />);
    await settle();
    expect(pageViewRoutes()).toHaveLength(1);

    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    visibility.mockRestore();
    expect(pageViewRoutes()).toEqual([
      ['/', 'Home'],
      ['/pricing', undefined],
    ]);
  });

  it('sends a page view still waiting for its title when the tracker unmounts', async () => {
    document.title = 'Home';
    await mount(makeTracker({ pageViews: { auto: false } }), <main>Home</main>);
    await navigate('/pricing', <LateTitlePage title="Pricing" ready={new Promise(() => {})} />);
    await settle();
    expect(pageViewRoutes()).toHaveLength(1);
    // The RouteTracker leaves; the provider and its started tracker stay.
    await act(async () => view.rerender(app(<main>Pricing</main>, false)));
    await settle();
    expect(pageViewRoutes()).toEqual([
      ['/', 'Home'],
      ['/pricing', undefined],
    ]);
  });

  it("gives one page view per route when the tracker's automatic page views are left on", async () => {
    await mount(makeTracker(), <Page title="Home" />);
    await navigate('/pricing', <Page title="Pricing" />);
    await navigate('/app', <Page title="Editor" />);
    await settle();
    expect(pageViewRoutes()).toEqual([
      ['/', 'Home'],
      ['/pricing', 'Pricing'],
      ['/app', 'Editor'],
    ]);
  });
});
