import { useLayoutEffect, type ReactNode } from 'react';
import { analyticsContext, type AnyTracker } from './context.js';

/** Props of {@link AnalyticsProvider}. */
export interface AnalyticsProviderProps<T extends AnyTracker> {
  /**
   * The app's tracker, from `createTracker()` in `@taxon/web`. Create it once, at module scope:
   * creating it touches no DOM, so it is safe to import from server code.
   */
  tracker: T;
  children?: ReactNode;
}

/**
 * Makes `tracker` available to `useAnalytics()` and `useTrackEvent()` below it, starts it when
 * the provider mounts (consent default, script, config, listeners, and the first page view unless
 * `pageViews.auto` is false or a `RouteTracker` below reports routes) and shuts it down when the
 * provider unmounts.
 *
 * StrictMode's mount, unmount, mount cycle costs nothing: a second `start()` reinstalls listeners
 * without a second script, config or page view (`@taxon/web` guarantees it), so one provider
 * gives one script, one config and one page view. Render one provider per tracker.
 */
export function AnalyticsProvider<T extends AnyTracker>({ tracker, children }: AnalyticsProviderProps<T>) {
  // A layout effect runs before every passive effect of the same commit, so the consent default
  // and config are in place before a child's mount effect tracks anything.
  useLayoutEffect(() => {
    tracker.start();
    return () => tracker.shutdown();
  }, [tracker]);
  const Context = analyticsContext();
  return <Context.Provider value={tracker}>{children}</Context.Provider>;
}
