import type { AnyTracker, RegisteredTracker } from './context.js';
import { useAnalytics } from './useAnalytics.js';

/**
 * The tracker's `trackEvent`, typed by the app's `EventMap`: an unknown event name, a missing
 * required param or a value outside a declared enum is a type error. Its identity is stable for
 * the life of the tracker, so it is safe in dependency arrays.
 *
 * ```tsx
 * const trackEvent = useTrackEvent();
 * <button onClick={() => trackEvent('upgrade_clicked', { source: 'paywall', plan_type: 'free' })} />
 * ```
 */
export function useTrackEvent<T extends AnyTracker = RegisteredTracker>(): T['trackEvent'] {
  return useAnalytics<T>().trackEvent;
}
