import type { ConsentState } from './consent.js';
import type { SentryBridge } from './sentry-bridge.js';
import type { RuntimeTaxonomy } from './taxonomy.js';
import type { Violations } from './tracker/violations.js';
import type { AnalyticsIds, Destination, LinkerOptions, Violation } from './types.js';

/**
 * What the tracker lends a feature when it is created. Internal: features are the package's own
 * (`lifecycles()`, `crossDomain()`); the shape may change between minor versions.
 */
export interface FeatureHost {
  taxonomy: RuntimeTaxonomy;
  /**
   * Sends a taxonomy event through the pipeline. Only `correlation_id`, which the runtime made
   * itself, skips the PII scan; a feature cannot mark anything else trusted.
   */
  track(name: string, params: Record<string, unknown>): void;
  violation(violation: Violation, throwable?: boolean): void;
  /** Wraps a public entry point (see tracker/violations.ts). */
  guard: Violations['guard'];
  sentry(): SentryBridge | undefined;
  consent(): ConsentState;
  /** The started destinations. */
  destinations(): readonly Destination[];
}

/** Cross-domain linking, as the tracker and its destinations use it (see `crossDomain()`). */
export interface Linking {
  /** gtag's `linker` config, when domains were given. */
  linker: LinkerOptions | undefined;
  /** Ids another Taxon page put on this page's URL (`tx_cid`, `tx_sid`), read at `start()`. */
  incomingIds(): AnalyticsIds;
  /** Removes linker params from the address bar once the tag has read them. */
  read(): void;
  /** `tracker.decorateUrl`. */
  decorate(url: string): string;
}

/** What a feature adds to one tracker. */
export interface FeatureParts {
  /** Methods added to the tracker (`startGeneration`, ...). */
  methods?: Record<string, unknown>;
  /** Runs when the page is hidden. */
  onHide?(): void;
  linking?: Linking;
}

/**
 * The key of a feature's setup. Not exported from the package: only this package's features
 * (`lifecycles()`, `crossDomain()`) can be passed in `features`, so no object an app builds by
 * mistake reaches the host. A registered symbol, so that two copies of the package in one app
 * (an ESM and a CJS build) still accept each other's features.
 */
export const SETUP: unique symbol = /* @__PURE__ */ Symbol.for('taxon.feature');

/**
 * An optional part of the tracker, passed in `createTracker({ features: [...] })`. An app that
 * does not import a feature ships none of its code.
 *
 * @example
 * import { createTracker, crossDomain, ga4, lifecycles } from '@taxon/web';
 * createTracker({ taxonomy, destinations, features: [lifecycles(), crossDomain({ domains: ['shop.example.com'] })] });
 */
export interface TrackerFeature {
  /** The feature's name, for messages. */
  readonly name: 'lifecycles' | 'crossDomain' | (string & {});
  /** Builds the feature's parts for one tracker (internal: see `SETUP`). */
  readonly [SETUP]: (host: FeatureHost) => FeatureParts;
}
