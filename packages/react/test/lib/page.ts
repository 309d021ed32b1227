import { createTracker, crossDomain, ga4, lifecycles as lifecycleHandles, type TrackerOptions } from '@taxon/web';
import {
  bucketSources,
  enumValues,
  eventDefinitions,
  lifecycles,
  type EventMap,
} from '../fixtures/taxon/index.js';

export const MEASUREMENT_ID = 'G-REACT1234';

/** A tracker over the package's fixture taxonomy with the GA4 destination, as an app creates it. */
export function makeTracker(options: Partial<Omit<TrackerOptions, 'taxonomy'>> = {}) {
  return createTracker<EventMap>({
    taxonomy: { events: eventDefinitions, enums: enumValues, buckets: bucketSources, lifecycles },
    destinations: [ga4({ measurementId: MEASUREMENT_ID })],
    features: [lifecycleHandles(), crossDomain()],
    ...options,
  });
}

/** The gtag commands pushed to `window.dataLayer`, each `arguments` object as an array. */
export function gtagCommands(): unknown[][] {
  const layer = (window as unknown as { dataLayer?: unknown[] }).dataLayer ?? [];
  return Array.from(layer)
    .filter((entry) => Object.prototype.toString.call(entry) === '[object Arguments]')
    .map((entry) => Array.from(entry as ArrayLike<unknown>));
}

/** The params of every `gtag('event', 'page_view', ...)` sent. */
export function pageViews(): Record<string, unknown>[] {
  return gtagCommands()
    .filter((c) => c[0] === 'event' && c[1] === 'page_view')
    .map((c) => c[2] as Record<string, unknown>);
}

/** `[page_location path, page_title]` of every page view, for compact assertions. */
export function pageViewRoutes(): [string, unknown][] {
  return pageViews().map((p) => {
    const url = new URL(String(p.page_location));
    return [url.pathname + url.search, p.page_title];
  });
}

/** `gtag('config', ...)` commands. */
export function configs(): unknown[][] {
  return gtagCommands().filter((c) => c[0] === 'config');
}

/** gtag.js script elements in the document. */
export function gtagScripts(): HTMLScriptElement[] {
  return Array.from(document.scripts).filter((s) => s.src.includes('/gtag/js'));
}

/** Resets what a tracker leaves on the page: dataLayer, gtag, scripts, title, URL. */
export function resetPage(): void {
  const win = window as unknown as Record<string, unknown>;
  for (const key of ['dataLayer', 'gtag', 'google_tag_manager']) delete win[key];
  // Emptying <head> also removes any <title>; setting document.title = '' would create one.
  document.head.innerHTML = '';
  window.history.replaceState(null, '', '/');
}
