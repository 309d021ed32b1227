import type { Drop, DropCounts, ScrubUrlOptions } from '@taxon/core';
import type { ConsentOptions, ConsentState } from './consent.js';
import type { LifecycleStarters } from './lifecycle.js';
import type { PageViewInput, PageViewOptions, RouteChangeInput } from './page-views.js';
import type { SentryBridge } from './sentry-bridge.js';
import type { TrackerDebug } from './tracker/diagnostics.js';
import type { RuntimeTaxonomy } from './taxonomy.js';
import type { AnalyticsIds, Destination, Plugin, Violation } from './types.js';
import type { TrackerFeature } from './feature.js';

/** Params of event `N` at the call site, optional when the event requires nothing (like `EventArgs`). */
export type TrackArgs<M, N extends keyof M> = {} extends M[N] ? [params?: M[N]] : [params: M[N]];

/** Shared ids that enrichment copies into every event that declares them. */
export type SharedContext = Partial<Record<'feature' | 'model' | 'plan_type' | 'release' | (string & {}), string | number | boolean | undefined>>;

/** The web-vitals event names the tracker accepts beside the taxonomy (see `@taxon/web/web-vitals`). */
export type WebVitalName = 'LCP' | 'INP' | 'CLS' | 'FCP' | 'TTFB';

/** The generated `validateEvent` (generated/taxon/validators.ts): problems of one event, none when valid. */
export type ValidateEvent = (name: string, params: unknown, stage?: 'input' | 'wire') => string[];

/** How violations are reported. */
export type ViolationMode = 'throw' | 'warn' | 'hook';

/** Options of `createTracker`. */
export interface TrackerOptions {
  /** The generated `taxonomy` object (`import { taxonomy } from './generated/taxon'`). */
  taxonomy: RuntimeTaxonomy;
  /** Where events go: `ga4(...)`, `gtm(...)`, `collector(...)`, or your own. */
  destinations: readonly Destination[];
  /** Consent Mode v2 defaults; all types are denied unless you say otherwise. */
  consent?: ConsentOptions;
  /** Page view tracking. */
  pageViews?: PageViewOptions;
  /**
   * Optional parts, each imported only by apps that use it: `lifecycles()` (the
   * `start<Stem>()` handles) and `crossDomain(...)` (incoming linker ids, `decorateUrl`, gtag's
   * `linker`).
   * @default []
   */
  features?: readonly TrackerFeature[];
  /** URL scrubbing rules for page_location, page_referrer and URL params. */
  scrubUrl?: ScrubUrlOptions;
  /**
   * Checks each event's wire params; an event with problems is dropped as `invalid_event`.
   * Defaults to the generated validators, which the generated `taxonomy` loads in development
   * only. One passed here runs in every mode, production included (the app then ships it and
   * its schema library): the way to enforce `pattern` and numeric bounds in production.
   */
  validate?: ValidateEvent | undefined;
  /**
   * Bridges events to Sentry: `sentryBridge(Sentry)`, with `import * as Sentry from
   * '@sentry/browser'`. A bridge rather than the SDK, so apps without Sentry ship no bridge code.
   */
  sentry?: SentryBridge | undefined;
  /** Extra plugins, run after the built-in ones and before delivery. */
  plugins?: readonly Plugin[];
  /**
   * Events kept before `start()`; older ones beyond this are dropped (`queue_overflow`).
   * @default 100
   */
  queueSize?: number;
  /**
   * How violations are reported: `throw` (development and tests), `warn` (console), or `hook`
   * (only `onViolation`). Production never throws, whatever is set here.
   * @default 'throw' outside production, 'hook' in production
   */
  violations?: ViolationMode;
  /** Called for every dropped event, with its reason. */
  onDrop?: (drop: Drop) => void;
  /** Called for every violation. */
  onViolation?: (violation: Violation) => void;
}

/**
 * The tracker API shared by every event map; see {@link Tracker}. `C` narrows the names
 * `trackEvent` accepts: pass the generated `ClientEventName` so a server-owned event is a type
 * error in browser code, not only a runtime refusal.
 */
export interface TrackerApi<M, C extends keyof M & string = keyof M & string> {
  /**
   * Tracks a client-owned taxonomy event. Server-owned events (`owner: server`) are refused
   * (`invalid_event`): the server sends them, and a browser copy would count twice. Never throws
   * in production; in development, violations throw.
   */
  trackEvent<N extends C>(name: N, ...args: TrackArgs<M, N>): void;
  /**
   * Sends a page view for the current (or given) location now, with the given title or
   * `document.title` as it is, once per distinct route (ignored params and, unless `hashRoutes`,
   * the fragment do not make a route). Synchronous; see {@link routeChanged} for routers.
   */
  pageView(input?: PageViewInput): void;
  /**
   * Tells the tracker a router moved to a new route; the page view waits for the new route's
   * `document.title`. It is sent at the first of: the title is non-empty and differs from the
   * last page view's title (with that title); `titleTimeoutMs` passed (with the title as it is);
   * without a title when the address bar moves to another route, the next `routeChanged` or
   * history change arrives, the page is hidden, or the returned function is called. Calls for the
   * route already waiting or already sent are deduped like `pageView`. A wait outlives
   * `shutdown()` (StrictMode stops and restarts the tracker); what it sends while the tracker is
   * stopped is queued for the next `start()` like any event. Never throws in production.
   *
   * Router adapters (`RouteTracker` of `@taxon/react/next`) call it once per route commit. The
   * first call also stops the tracker's own history listener (`pageViews.auto`) and its first
   * automatic page view if not yet sent: the adapter owns route changes from then on.
   * @returns Ends this route's wait now (sending its page view); a no-op once it was sent.
   */
  routeChanged(input?: RouteChangeInput): () => void;
  /** Applies a Consent Mode update. Does not send a page view. */
  setConsent(update: Partial<ConsentState>): void;
  /** The consent state in force. */
  getConsent(): ConsentState;
  /** Sets shared ids (feature, model, plan_type, release) added to events that declare them. */
  setContext(context: SharedContext): void;
  /** Client and session ids from gtag when loaded, else from the GA cookies. Never rejects. */
  getAnalyticsIds(): Promise<AnalyticsIds>;
  /**
   * Adds `tx_cid`/`tx_sid` for a Taxon page on another domain (when analytics_storage is granted).
   * Needs the `crossDomain()` feature; without it the URL is returned as it is and a violation
   * is reported (thrown in development).
   */
  decorateUrl(url: string): string;
  /** Sends everything buffered. */
  flush(): Promise<void>;
  /** Touches the DOM for the first time: consent default, scripts, config, listeners. Idempotent. */
  start(): void;
  /** Removes listeners and timers. A later `start()` reinstalls listeners without a second config. */
  shutdown(): void;
  /** Dropped events by reason. */
  dropCounts(): DropCounts;
  /**
   * What happened to the events so far, for a developer at the console: per destination, how
   * many were sent, are held and were dropped (by reason); events the tracker holds (before
   * `start()`, or for a route's page view); the consent in force; the last drops with reasons.
   */
  debug(): TrackerDebug;
  /** Sends a web-vitals metric event (used by `@taxon/web/web-vitals`). */
  trackWebVital(name: WebVitalName, params: Record<string, string | number>): void;
}

/**
 * A tracker typed by the generated `EventMap` (and, through `C`, the generated `ClientEventName`),
 * with a `start<Stem>` per lifecycle group (sent by the `lifecycles()` feature).
 */
export type Tracker<M, C extends keyof M & string = keyof M & string> = TrackerApi<M, C> & LifecycleStarters<M, C>;
