import { afterEach } from 'vitest';
import {
  bucketSources,
  enumValues,
  eventDefinitions,
  lifecycles,
  type EventMap,
} from './fixtures/taxonomy.js';
import { validateEvent } from './fixtures/taxon/validators.js';
import { createTracker, crossDomain, env, ga4, lifecycles as lifecycleHandles, type TrackerOptions } from '../src/index.js';

/** The package's fixture taxonomy (test/fixtures/taxonomy/), as an app passes it. */
export const taxonomy = { events: eventDefinitions, enums: enumValues, buckets: bucketSources, lifecycles };

const live: { shutdown(): void }[] = [];

/**
 * A tracker over the fixture taxonomy with the dev validators and both optional features
 * (lifecycles, cross-domain); shut down after each test.
 */
export function makeTracker(options: Omit<TrackerOptions, 'taxonomy'> & { taxonomy?: TrackerOptions['taxonomy'] }) {
  const features = [lifecycleHandles(), crossDomain()];
  const tracker = createTracker<EventMap>({ taxonomy, validate: validateEvent, features, ...options });
  live.push(tracker);
  return tracker;
}

/** Options of {@link makeTracker}. */
export type TestTrackerOptions = Parameters<typeof makeTracker>[0];

/**
 * A started tracker sending to GA4 (`G-ABC123`) through gtag, with page views left to the test
 * (`pageViews.auto: false`); `options` replace any of these.
 */
export function startTracker(options: Partial<TestTrackerOptions> = {}) {
  const destinations = [ga4({ measurementId: 'G-ABC123' })];
  const tracker = makeTracker({ destinations, pageViews: { auto: false }, ...options });
  tracker.start();
  return tracker;
}

/** dataLayer entries, `arguments` objects turned into arrays for comparison. */
export function layer(name = 'dataLayer'): unknown[] {
  const value = (window as unknown as Record<string, unknown[]>)[name] ?? [];
  return Array.from(value, (entry) => (isArguments(entry) ? Array.from(entry as ArrayLike<unknown>) : entry));
}

export function isArguments(value: unknown): boolean {
  return Object.prototype.toString.call(value) === '[object Arguments]';
}

/** The gtag commands (`[command, ...args]`) pushed to a dataLayer. */
export function gtagCommands(name = 'dataLayer'): unknown[][] {
  return layer(name).filter(Array.isArray) as unknown[][];
}

/** `gtag('event', ...)` calls as [name, params]. */
export function gtagEvents(name = 'dataLayer'): [string, Record<string, unknown>][] {
  return gtagCommands(name)
    .filter((c) => c[0] === 'event')
    .map((c) => [c[1] as string, c[2] as Record<string, unknown>]);
}

/** Params without the page fields every event carries (those are the subject of page-context.test.ts). */
export function withoutPage(params: Record<string, unknown>): Record<string, unknown> {
  const { page_location: _location, page_title: _title, ...rest } = params;
  return rest;
}

/**
 * `gtag('event', ...)` calls other than page views, as [name, params], without the page fields
 * (`page_location`, `page_title`) every event carries.
 */
export const sentEvents = (name = 'dataLayer') =>
  gtagEvents(name)
    .filter(([event]) => event !== 'page_view')
    .map(([event, params]): [string, Record<string, unknown>] => [event, withoutPage(params)]);

export function clearCookies(): void {
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; path=/; max-age=0`;
  }
}

/** Resets the page between tests: dataLayers, scripts, cookies, URL, title, env. */
export function resetPage(): void {
  for (const tracker of live.splice(0).reverse()) tracker.shutdown();
  const win = window as unknown as Record<string, unknown>;
  for (const key of ['dataLayer', 'taxonLayer', 'gtag', 'google_tag_manager']) delete win[key];
  document.head.innerHTML = '';
  document.title = '';
  clearCookies();
  window.history.replaceState(null, '', '/');
  env.reset();
}

export function useCleanPage(): void {
  afterEach(() => resetPage());
}

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
