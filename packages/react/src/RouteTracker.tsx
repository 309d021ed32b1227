import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense, useLayoutEffect, useRef } from 'react';
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

/**
 * Sends one page view per App Router route change, with the new route's location and title.
 * Place it inside `<AnalyticsProvider>` (for example in the client providers file of the root
 * layout). It renders nothing.
 *
 * Each route commit is one `tracker.routeChanged()`: the tracker waits for the new route's title
 * (Next streams it after the route commits), dedupes repeated calls and search-param changes of
 * ignored params, and from the first call on leaves route changes to this component rather than
 * to its own history listener, so `pageViews: { auto: false }` is not needed.
 *
 * It reads `useSearchParams()` inside its own Suspense boundary, so a statically rendered root
 * layout stays static: only this component bails out to client rendering.
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
  const live = useRef(false);

  // A layout effect: a child's runs before the provider's, which starts the tracker, so the first
  // route is this component's to report (and to wait for a streamed title) rather than the
  // tracker's automatic first page view. Next updates the URL in an insertion effect, before it.
  useLayoutEffect(() => {
    live.current = true;
    const flush = tracker.routeChanged({ titleTimeoutMs });
    return () => {
      live.current = false;
      // A StrictMode re-run or the next route runs this effect again in the same task (and the
      // tracker keeps or ends the wait itself); when nothing does by the next microtask, this
      // component was unmounted, and a page view still waiting for its title is sent now.
      queueMicrotask(() => {
        if (!live.current) flush();
      });
    };
  }, [tracker, pathname, search, titleTimeoutMs]);

  return null;
}
