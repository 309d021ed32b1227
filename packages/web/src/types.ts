import type { DropReason } from '@taxon/core';
import type { ConsentState } from './consent.js';

/** What kind of hit an event is; destinations send page views and web vitals differently. */
export type EventKind = 'event' | 'page_view' | 'web_vital';

/** One event as it moves through the pipeline. Plugins return it (possibly changed) or null. */
export interface TaxonEvent {
  /** The GA4 event name. */
  name: string;
  /**
   * Wire params: plugins and destinations see them bucketed, enriched, scrubbed and within GA4's
   * limits (the built-in stages run fused before any plugin).
   */
  params: Record<string, unknown>;
  /** What kind of hit this is. */
  kind: EventKind;
  /**
   * Params whose values the runtime produced itself (correlation ids, the page URLs and title it
   * already scrubbed); they are not scanned for PII again. Bucket labels are never scanned either.
   */
  trusted?: string[];
  /** Milliseconds since the epoch when the event was tracked. */
  time: number;
}

/** A problem in how the tracker is used: invalid params, a second terminal call, a bad ID. */
export interface Violation {
  /** What kind of problem it is. */
  code:
    | 'invalid_event'
    | 'invalid_config'
    | 'limit_truncated'
    | 'limit_exceeded'
    | 'pii_scrubbed'
    | 'lifecycle_second_terminal'
    | 'lifecycle_abandoned'
    | 'not_started';
  /** A sentence saying what happened and what was expected. */
  message: string;
  /** The event concerned, when there is one. */
  event?: string;
}

/** What a plugin can tell the tracker while processing an event. */
export interface PipelineContext {
  /** Records why the event is being dropped; call it before returning `null`. */
  drop(reason: DropReason, detail?: string): void;
  /** Reports a violation through the tracker's `violations` mode. */
  violation(violation: Violation): void;
}

/**
 * A pipeline stage. Return the event (the same object or a copy) to pass it on, or `null` to
 * drop it after calling `context.drop` with a reason. To change params, assign a new object to
 * `event.params`; never modify the one you received (it may be the caller's).
 */
export interface Plugin {
  /** A short name for diagnostics. */
  name: string;
  /** Processes one event. Must not throw; a throw is caught and counted as `invalid_event`. */
  processEvent(event: TaxonEvent, context: PipelineContext): TaxonEvent | null;
}

/** What a destination receives when the tracker starts. */
export interface DestinationContext {
  /** The consent state in force now (the default until an update). */
  consent(): ConsentState;
  /**
   * The consent commands to push before anything else: the defaults, then an update when
   * `setConsent` ran before `start()`.
   */
  consentDefault(): ConsentCommand[];
  /** Linker settings from the tracker options. */
  linker: LinkerOptions | undefined;
  /** Ids carried over from another domain by `decorateUrl` (`tx_cid`, `tx_sid`), if accepted. */
  incomingIds: AnalyticsIds;
  /** Counts a drop. */
  drop(reason: DropReason, event: string | undefined, detail?: string): void;
  /** Reports a violation. */
  violation(violation: Violation): void;
  /** The scrubbed location of the last page view, for destinations that must send it. */
  pageLocation(): string | undefined;
  /** Called by a destination once it has read linker params from the URL (after tag load). */
  linkerRead(): void;
}

/** A `gtag('consent', ...)` command: the default (per region) or an update. */
export interface ConsentCommand {
  /** `default` before anything else, `update` afterwards. */
  command: 'default' | 'update';
  /** The consent fields (and `region`, `wait_for_update` on defaults). */
  state: Record<string, unknown>;
}

/** Client and session ids, as GA4 and the Measurement Protocol use them. */
export interface AnalyticsIds {
  /** GA4 client id (`<random>.<timestamp>`), from gtag or the `_ga` cookie. */
  clientId?: string;
  /** GA4 session id (seconds timestamp), from gtag or the `_ga_<id>` cookie. */
  sessionId?: string;
}

/** Where events go: GA4 via gtag, GTM via the dataLayer, the collector, or your own. */
export interface Destination {
  /** A short name for diagnostics, e.g. `ga4:G-XXXX`. */
  name: string;
  /**
   * Consent this destination needs before it may receive anything. Events are dropped
   * (`consent_denied`) for it while any of these is denied.
   * @default []
   */
  requiresConsent?: readonly ConsentType[];
  /**
   * Touches the DOM: pushes the consent default, loads scripts, writes config. Called once, by
   * `tracker.start()`. Returns false when the destination cannot run (e.g. an invalid ID).
   */
  start(context: DestinationContext): boolean;
  /**
   * Delivers one processed event. `event.params` belongs to this destination: it may add keys
   * (`send_to`, `session_id`) in place; the tracker gives every destination its own object.
   */
  send(event: TaxonEvent): void;
  /** Applies a consent update; `seq` numbers the tracker's updates (shared dataLayers push once). */
  updateConsent?(update: Partial<ConsentState>, state: ConsentState, seq: number): void;
  /** Reads the ids this destination knows, if any. */
  getAnalyticsIds?(): Promise<AnalyticsIds>;
  /** The ids known without waiting (cookies), for `decorateUrl`. */
  peekAnalyticsIds?(): AnalyticsIds;
  /** Sends what is buffered; `beacon` when the page is being hidden. */
  flush?(beacon: boolean): Promise<void>;
  /** Stops timers and listeners. */
  shutdown?(): void;
  /** Events given to this destination and not yet sent or dropped (for `tracker.debug()`). */
  pending?(): number;
}

/** The four Consent Mode v2 types. */
export type ConsentType = 'ad_storage' | 'analytics_storage' | 'ad_user_data' | 'ad_personalization';

/**
 * Cross-domain linking, passed to gtag as `linker`.
 * @see https://developers.google.com/tag-platform/gtagjs/reference#linker
 */
export interface LinkerOptions {
  /** Domains whose links and forms carry the `_gl` param. */
  domains: readonly string[];
  /**
   * Accept incoming `_gl` (gtag) and `tx_cid`/`tx_sid` (Taxon) params.
   * @default true
   */
  acceptIncoming?: boolean;
  /**
   * Decorate form submissions to the linked domains too.
   * @default false
   */
  decorateForms?: boolean;
}
