export { createTracker } from './create-tracker.js';
export type {
  SharedContext,
  TrackArgs,
  Tracker,
  TrackerApi,
  TrackerOptions,
  ValidateEvent,
  ViolationMode,
  WebVitalName,
} from './create-tracker.js';
export type { DebugDrop, DestinationDebug, TrackerDebug } from './tracker/diagnostics.js';
export { ga4, MEASUREMENT_ID, type Ga4Options } from './destinations/ga4.js';
export { gtm, CONTAINER_ID, type GtmOptions } from './destinations/gtm.js';
export { collector, type CollectorOptions } from './destinations/collector.js';
export { CONSENT_TYPES, type ConsentOptions, type ConsentState, type ConsentValue, type RegionalConsentDefault } from './consent.js';
export {
  DEFAULT_IGNORED_PARAMS,
  type PageViewInput,
  type PageViewOptions,
  type RouteChangeInput,
} from './page-views.js';
export { lifecycles, type CompleteParams, type ErrorParam, type LifecycleHandle, type LifecycleStarters, type LifecycleStem } from './lifecycle.js';
export { crossDomain } from './cross-domain.js';
export type { TrackerFeature } from './feature.js';
export { sentryBridge, SENTRY_TAG_PARAMS, type SentryBridge, type SentryLike } from './sentry-bridge.js';
export { env, type TaxonEnv } from './env.js';
export { clientIdFromCookie, sessionFromCookie, type GaSession } from './lib/ga-cookies.js';
export type { RuntimeTaxonomy, RuntimeEventDefinition, RuntimeLifecycle, RuntimeBucketSource } from './taxonomy.js';
export type {
  AnalyticsIds,
  ConsentCommand,
  ConsentType,
  Destination,
  DestinationContext,
  EventKind,
  LinkerOptions,
  Plugin,
  PipelineContext,
  TaxonEvent,
  Violation,
} from './types.js';
export {
  scrubPii,
  scrubUrl,
  createUrlScrubber,
  applyGa4Limits,
  DEFAULT_DENIED_PARAMS,
  DEFAULT_STRIPPED_PARAMS,
  type ScrubUrlOptions,
  type DropCounts,
  type DropReason,
  type Drop,
} from '@taxon/core';
