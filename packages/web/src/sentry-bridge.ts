import type { Plugin, TaxonEvent } from './types.js';

/**
 * The part of the Sentry SDK the bridge uses; `import * as Sentry from '@sentry/browser'`
 * satisfies it. Taxon never imports Sentry itself, so apps without Sentry ship none of it.
 */
export interface SentryLike {
  /** @see https://docs.sentry.io/platforms/javascript/enriching-events/breadcrumbs/ */
  addBreadcrumb(breadcrumb: {
    type?: string;
    category?: string;
    message?: string;
    level?: 'info' | 'warning' | 'error';
    data?: Record<string, unknown>;
  }): void;
  /** @see https://docs.sentry.io/platforms/javascript/enriching-events/tags/ */
  setTag(key: string, value: string): void;
}

/** Params that become Sentry tags, so errors can be grouped by them. */
export const SENTRY_TAG_PARAMS: readonly string[] = ['feature', 'model', 'plan_type'];

/** The Sentry bridge: a pipeline plugin plus the entry points lifecycles use. */
export interface SentryBridge {
  /** Adds a breadcrumb per delivered event and updates the shared-id tags. */
  plugin: Plugin;
  /** Records something that is not sent to analytics (a server-owned terminal, an abandon). */
  record(message: string, data: Record<string, unknown>, level: 'info' | 'warning' | 'error'): void;
  /** Sets a tag (e.g. `error_type` after a failed generation, `release`). */
  tag(key: string, value: string): void;
}

/**
 * Bridges analytics to Sentry: every tracked event becomes a breadcrumb
 * (`category: 'analytics'`, message = event name, data = the scrubbed wire params; it runs after
 * the scrubber) and `feature`, `model`, `plan_type` become tags; an `error_type` param (a
 * failed generation) becomes a tag too, and so does a lifecycle's `correlation_id` (the server
 * span's `taxon.correlation_id` and the GA4 events' `correlation_id`), so the next error carries the trail
 * "generate clicked -> feature -> model -> token bucket -> timeout". Sentry errors are
 * swallowed: the bridge never breaks tracking.
 *
 * @example
 * import * as Sentry from '@sentry/browser';
 * createTracker({ ..., sentry: sentryBridge(Sentry) });
 */
export function sentryBridge(sentry: SentryLike): SentryBridge {
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch {
      // Sentry failing must not lose the analytics event.
    }
  };
  const tag = (key: string, value: string) => safely(() => sentry.setTag(key, value.slice(0, 200)));
  const record = (message: string, data: Record<string, unknown>, level: 'info' | 'warning' | 'error') =>
    safely(() => sentry.addBreadcrumb({ type: 'default', category: 'analytics', message, level, data }));
  return {
    record,
    tag,
    plugin: {
      name: 'sentry-bridge',
      processEvent(event: TaxonEvent) {
        if (event.kind === 'web_vital') return event;
        record(event.name, { ...event.params }, event.params.error_type === undefined ? 'info' : 'error');
        for (const key of SENTRY_TAG_PARAMS) {
          const value = event.params[key];
          if (typeof value === 'string') tag(key, value);
        }
        if (typeof event.params.error_type === 'string') tag('error_type', event.params.error_type);
        // The lifecycle's id is also the server span's `taxon.correlation_id`: one id joins them.
        if (typeof event.params.correlation_id === 'string') tag('correlation_id', event.params.correlation_id);
        return event;
      },
    },
  };
}
