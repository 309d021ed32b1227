import * as Sentry from '@sentry/browser';
import { collector, createTracker, crossDomain, ga4, gtm, lifecycles, sentryBridge, type Destination, type Tracker } from '@taxon/web';
import { trackWebVitals } from '@taxon/web/web-vitals';
import { taxonomy, type ClientEventName, type EventMap } from '@/lib/taxonomy';
import type { PublicConfig } from './runtime-config';
import { readUser } from './user';

/** Quill's tracker: typed by the taxonomy, server-owned events excluded from `trackEvent`. */
export type QuillTracker = Tracker<EventMap, ClientEventName>;

// Types useTrackEvent() and useAnalytics() by the taxonomy everywhere (README, "Next.js").
declare module '@taxon/react' {
  interface Register {
    tracker: QuillTracker;
  }
}

/** Where the consent choice is kept (localStorage, not a cookie: Taxon sets none before consent). */
export const CONSENT_KEY = 'quill.consent';

let browserTracker: QuillTracker | undefined;

const hostOf = (url: string): string | undefined => {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
};

function buildTracker(config: PublicConfig): QuillTracker {
  const measurementId = config.gaMeasurementId ?? undefined;
  const destinations: Destination[] = [
    // The local collector always gets the events; it shares the GA cookies' ids when gtag runs too.
    collector({
      endpoint: config.collectorUrl,
      ...(measurementId ? { measurementId } : {}),
      userId: () => readUser()?.id,
    }),
  ];
  if (measurementId) destinations.push(ga4({ measurementId }));
  if (config.gtmContainerId) destinations.push(gtm({ containerId: config.gtmContainerId }));
  const checkoutHost = hostOf(config.checkoutUrl);
  return createTracker<EventMap, ClientEventName>({
    // Outside production the generated taxonomy also loads the development validators (zod).
    taxonomy,
    destinations,
    // All four Consent Mode v2 types stay denied until the banner is accepted.
    consent: { default: { analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' } },
    pageViews: {
      // The hosted checkout sends users back to /success: that is not a referral.
      ...(checkoutHost ? { checkoutDomains: [checkoutHost] } : {}),
      // `session_id=cs_...` on /success is not a new route. (The URL scrubber's default deny
      // list removes it from page_location as well.)
      ignoredParams: ['session_id'],
    },
    sentry: sentryBridge(Sentry),
    // startGeneration/startSignup/startCheckout, and ids carried over from another Taxon domain.
    features: [lifecycles(), crossDomain()],
  });
}

/**
 * The browser's tracker, created once per page load from the runtime config (the README creates
 * it at module scope with literal ids; here the ids arrive from the server at request time, so it
 * is created on first use instead). On the server it returns a fresh, never-started tracker:
 * creating one touches no DOM.
 */
export function getTracker(config: PublicConfig): QuillTracker {
  if (typeof window === 'undefined') return buildTracker(config);
  if (browserTracker) return browserTracker;
  Sentry.init({
    dsn: config.sentryDsn,
    tunnel: '/api/sentry',
    release: config.release,
    environment: 'demo',
  });
  browserTracker = buildTracker(config);
  // A choice made on an earlier visit applies before start(): the first page view may go out.
  if (readConsent() === 'granted') browserTracker.setConsent({ analytics_storage: 'granted' });
  trackWebVitals(browserTracker);
  return browserTracker;
}

/** The stored consent choice, or null when the visitor has not chosen yet. */
export function readConsent(): 'granted' | 'denied' | null {
  try {
    const value = window.localStorage.getItem(CONSENT_KEY);
    return value === 'granted' || value === 'denied' ? value : null;
  } catch {
    return null;
  }
}

/** Stores the visitor's choice. */
export function writeConsent(choice: 'granted' | 'denied'): void {
  try {
    window.localStorage.setItem(CONSENT_KEY, choice);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}
