import { useContext } from 'react';
import { analyticsContext, type AnyTracker, type RegisteredTracker } from './context.js';
import { inertTracker } from './lib/inertTracker.js';

// React apps get `process.env.NODE_ENV` from their bundler (React itself reads it).
declare const process: { env: { NODE_ENV?: string } };

/**
 * The tracker given to the nearest `<AnalyticsProvider>`: `trackEvent`, `pageView`, `setConsent`,
 * `getAnalyticsIds`, `decorateUrl`, the lifecycle starters and the rest of `@taxon/web`'s tracker.
 *
 * Typed by the tracker registered through `Register`, or by the type argument:
 * `useAnalytics<typeof tracker>()`.
 *
 * Outside a provider it throws in development; in production it returns a tracker that sends
 * nothing, so a misplaced provider never breaks the page.
 */
export function useAnalytics<T extends AnyTracker = RegisteredTracker>(): T {
  const tracker = useContext(analyticsContext());
  if (tracker) return tracker as T;
  if (process.env.NODE_ENV !== 'production') {
    throw new Error(
      'Taxon: useAnalytics()/useTrackEvent() was called outside <AnalyticsProvider>. Render the provider ' +
        'above this component, e.g. in app/providers.tsx:\n' +
        "  'use client';\n" +
        "  import { AnalyticsProvider } from '@taxon/react';\n" +
        "  import { tracker } from '@/lib/analytics';\n" +
        '  export const Providers = ({ children }) => ' +
        '<AnalyticsProvider tracker={tracker}>{children}</AnalyticsProvider>;',
    );
  }
  return inertTracker() as T;
}
