import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useRef } from 'react';
import type { AnyTracker } from './context.js';
import { waitForTitle, type FlushTitle } from './lib/waitForTitle.js';
import { useAnalytics } from './useAnalytics.js';

/** Props of {@link RouteTracker}. */
export interface RouteTrackerProps {
  /**
   * How long to wait for the new route's `document.title` before sending its page view with the
   * title as it is then. The page view goes out as soon as the title changes; the wait only runs
   * its course when two routes share a title or a search-param-only change keeps it.
   * @default 1000
   */
  titleTimeoutMs?: number;
}

interface RouteState {
  /** The route (pathname and search) of the last page view sent, and its tracker and title. */
  sent?: string;
  sentBy?: AnyTracker;
  title?: string;
  /** A page view waiting for its title. */
  pending?: { route: string; tracker: AnyTracker; flush: FlushTitle } | undefined;
  mounted?: boolean;
}

/**
 * Sends one page view per App Router route change, with the new route's location and title.
 * Place it inside `<AnalyticsProvider>` (for example in the client providers file of the root
 * layout). It renders nothing.
 *
 * It reads `useSearchParams()` inside its own Suspense boundary, so a statically rendered root
 * layout stays static: only this component bails out to client rendering.
 *
 * Search-param-only changes are passed on too; the tracker drops those that change only ignored
 * params (its page view dedupe compares scrubbed locations), so `router.replace('?filter=x')` or
 * the removal of `_gl` sends nothing.
 */
export function RouteTracker(props: RouteTrackerProps) {
  return (
    <Suspense fallback={null}>
      <RoutePageViews {...props} />
    </Suspense>
  );
}

function RoutePageViews({ titleTimeoutMs = 1000 }: RouteTrackerProps) {
  const tracker = useAnalytics();
  // Both can be null under the Pages Router (next/compat types); treat that as the root.
  const pathname = usePathname() ?? '/';
  const search = useSearchParams()?.toString() ?? '';
  const state = useRef<RouteState>({}).current;

  useEffect(() => {
    const route = `${pathname}?${search}`;
    state.mounted = true;
    const pending = state.pending;
    // StrictMode runs this effect twice for one commit: the second run keeps the first's wait.
    if (pending && pending.route === route && pending.tracker === tracker) return unmount(state);
    pending?.flush();
    if (state.sent === route && state.sentBy === tracker) return unmount(state);

    const page = location.href;
    const entry = { route, tracker, flush: () => {} };
    let sent = false;
    entry.flush = waitForTitle(state.title, titleTimeoutMs, (title) => {
      sent = true;
      if (state.pending === entry) state.pending = undefined;
      state.sent = route;
      state.sentBy = tracker;
      // After an early flush (empty title) the last real title stays the one to compare with.
      if (title) state.title = title;
      // An empty title is sent as such (no page_title), not read again from the document.
      tracker.pageView({ location: page, title });
    });
    if (!sent) state.pending = entry;
    return unmount(state);
  }, [tracker, pathname, search, titleTimeoutMs, state]);

  return null;
}

/**
 * The cleanup of the route effect. A StrictMode re-run or a route change runs the effect again in
 * the same task; when nothing does by the next microtask, the tracker was unmounted, and a page
 * view still waiting for its title is sent now rather than lost.
 */
function unmount(state: RouteState) {
  return () => {
    state.mounted = false;
    queueMicrotask(() => {
      if (!state.mounted) state.pending?.flush();
    });
  };
}
