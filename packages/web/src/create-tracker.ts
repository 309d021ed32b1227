import { createUrlScrubber, emptyDropCounts, type Drop, type DropReason } from '@taxon/core';
import { consentDefaultCommands, consentUpdateFields, deniedConsent, mergeConsent, type ConsentState } from './consent.js';
import { env } from './env.js';
import { createLifecycles, newCorrelationId } from './lifecycle.js';
import { isDev } from './lib/dev.js';
import { createPluginRunner } from './lib/plugin-runner.js';
import { collectAnalyticsIds, decorateWithIds, readIncomingIds, stripLinkerParams } from './cross-domain.js';
import { createPageViews, type PageViewInput, type RouteChangeInput } from './page-views.js';
import { lazyValidator } from './taxonomy.js';
import { createWireBuilder, type EventPlan } from './wire-builder.js';
import type { SharedContext, Tracker, TrackerApi, TrackerOptions, ViolationMode, WebVitalName } from './tracker-types.js';
import type { AnalyticsIds, ConsentCommand, Destination, DestinationContext, EventKind, Plugin, TaxonEvent, Violation } from './types.js';

export type { SharedContext, TrackArgs, Tracker, TrackerApi, TrackerOptions, ViolationMode, WebVitalName } from './tracker-types.js';

const WEB_VITALS: ReadonlySet<string> = new Set<WebVitalName>(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']);

interface LifecycleRuntimeHandle {
  correlationId: string;
  closed: boolean;
  complete(params?: Record<string, unknown>): void;
  fail(error: string, params?: Record<string, unknown>): void;
}

const deadHandle = (): LifecycleRuntimeHandle => ({
  correlationId: newCorrelationId(),
  closed: true,
  complete: () => undefined,
  fail: () => undefined,
});

class ViolationError extends Error {
  override name = 'TaxonViolation';
}

/**
 * Creates a tracker. Creating it touches no DOM or global: it is safe at module scope and in
 * SSR. `start()` (in the browser) does the rest.
 *
 * Pass the generated `ClientEventName` as the second type argument so that a server-owned event
 * (sent from the edge through the Measurement Protocol) is a type error in browser code.
 *
 * @example
 * const tracker = createTracker<EventMap, ClientEventName>({
 *   taxonomy,
 *   destinations: [ga4({ measurementId: 'G-ABC123' })],
 * });
 */
export function createTracker<
  M = Record<string, Record<string, unknown>>,
  C extends keyof M & string = keyof M & string,
>(options: TrackerOptions): Tracker<M, C> {
  const { taxonomy } = options;
  const dev = isDev();
  const mode: ViolationMode = dev ? (options.violations ?? 'throw') : options.violations === 'warn' ? 'warn' : 'hook';
  const counts = emptyDropCounts();
  let consent = mergeConsent(deniedConsent(), options.consent?.default ?? {});
  let consentChangedBeforeStart = false;
  let consentSeq = 0;
  let shared: SharedContext = {};
  let started = false;
  let everStarted = false;
  let active: Destination[] = [];
  let queue: TaxonEvent[] = [];
  let incomingIds: AnalyticsIds = {};
  let pendingThrow: Violation | undefined;
  // How many public calls are on the stack: violations throw only back into a caller.
  let guardDepth = 0;
  let removeListeners: (() => void) | undefined;
  const scrubUrl = createUrlScrubber(options.scrubUrl ?? {});
  // The bridge is built by the app (`sentryBridge(Sentry)`): an app without Sentry ships none of it.
  const bridge = options.sentry?.plugin ? options.sentry : undefined;

  const drop = (reason: DropReason, event: string | undefined, detail?: string) => {
    counts[reason]++;
    const record: Drop = { reason };
    if (event !== undefined) record.event = event;
    if (detail !== undefined) record.detail = detail;
    try {
      options.onDrop?.(record);
    } catch {
      // A failing hook must not break tracking.
    }
  };

  const violation = (v: Violation, throwable = true) => {
    try {
      options.onViolation?.(v);
    } catch {
      // idem
    }
    // Outside a public call (a history listener, a load callback) there is no caller to throw to.
    if (mode === 'warn' || (mode === 'throw' && (!throwable || guardDepth === 0))) console.warn(`[taxon] ${v.message}`);
    else if (mode === 'throw') pendingThrow ??= v;
  };

  // @ts-ignore `process` is the bundler's: production builds fold this and drop the check (lib/dev.ts)
  if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && options.sentry && !bridge) {
    violation({
      code: 'invalid_config',
      message: 'createTracker(): `sentry` takes the bridge, not the SDK: `sentry: sentryBridge(Sentry)` (both from their packages).',
    });
  }

  const throwPending = () => {
    const v = pendingThrow;
    pendingThrow = undefined;
    if (v && mode === 'throw') throw new ViolationError(v.message);
  };

  // Bucketing, enrichment, PII scrubbing and GA4 limits run fused in one pass (wire-builder.ts);
  // plugins are what comes after: the Sentry bridge and the app's own.
  const { events, build } = createWireBuilder({ taxonomy, scrubUrl, drop, violation });
  const plugins: Plugin[] = [...(bridge ? [bridge.plugin] : []), ...(options.plugins ?? [])];
  const validate = options.validate ?? lazyValidator(taxonomy.loadValidators, (v) => violation(v, false));

  const run = createPluginRunner(plugins, drop, violation);

  // Each destination gets params it may extend in place (`send_to`, `session_id`): the last one
  // gets the pipeline's own object, the others a copy. (When the last is denied, its object goes
  // unused: a copy too many, only while consent is missing.)
  const deliver = (event: TaxonEvent) => {
    const last = active.length - 1;
    for (let i = 0; i <= last; i++) {
      const destination = active[i]!;
      const needs = destination.requiresConsent;
      if (needs !== undefined && needs.some((type) => consent[type] !== 'granted')) {
        drop('consent_denied', event.name, `${destination.name} needs ${needs.join(', ')}`);
        continue;
      }
      try {
        destination.send(i === last ? event : { ...event, params: Object.assign({}, event.params) });
      } catch (error) {
        drop('network_error', event.name, `${destination.name} failed: ${String(error)}`);
      }
    }
  };

  const emit = (
    name: string,
    params: Record<string, unknown>,
    kind: EventKind,
    trusted?: readonly string[],
    plan?: EventPlan,
  ) => {
    const wire = build(name, plan, kind, params, trusted, shared);
    if (wire === null) return;
    if (validate !== undefined && kind === 'event') {
      // The generated zod validators (apps pass them outside production) check the wire params.
      const problems = validate(name, wire, 'wire');
      if (problems.length > 0) {
        violation({ code: 'invalid_event', message: `trackEvent("${name}") does not match the taxonomy:\n  ${problems.join('\n  ')}`, event: name });
        drop('invalid_event', name, problems.join('; '));
        return;
      }
    }
    // `wire` is a fresh object: destinations may extend it in place.
    let event: TaxonEvent | null = { name, params: wire, kind, time: env.now() };
    if (trusted !== undefined) event.trusted = trusted.slice();
    if (plugins.length > 0 && (event = run(event)) === null) return;
    if (started) {
      deliver(event);
      return;
    }
    queue.push(event);
    const limit = options.queueSize ?? 100;
    while (queue.length > limit) {
      const lost = queue.shift()!;
      drop('queue_overflow', lost.name, `more than ${limit} events before start()`);
    }
  };

  // Every public entry point: counts internal errors instead of throwing into the page, and
  // throws a violation back to the caller in development. Two fixed params rather than a rest
  // array: it wraps trackEvent, which runs often.
  const guarded = <F extends (...args: never[]) => void>(fn: F): F =>
    ((a: never, b: never): void => {
      guardDepth++;
      try {
        fn(a, b);
      } catch (error) {
        if (error instanceof ViolationError) throw error;
        if (dev && mode === 'throw') throw error;
        drop('invalid_event', undefined, `internal error: ${String(error)}`);
        return;
      } finally {
        guardDepth--;
      }
      if (guardDepth === 0 && pendingThrow) throwPending();
    }) as F;

  const track = (name: string, params: Record<string, unknown> | undefined, trusted?: string[]) => {
    const event = events[name];
    if (event === undefined) {
      violation({
        code: 'invalid_event',
        message:
          // @ts-ignore `process` is the bundler's: production builds fold this and drop the text (lib/dev.ts)
          typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
            ? `trackEvent("${name}"): not an event of the taxonomy.`
            : 'unknown event',
        event: name,
      });
      drop('invalid_event', name, 'unknown event');
      return;
    }
    if (event.definition.owner === 'server') {
      violation({
        code: 'invalid_event',
        message:
          // @ts-ignore `process` is the bundler's: production builds fold this and drop the text (lib/dev.ts)
          typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
            ? `trackEvent("${name}"): the taxonomy says the server sends this event (owner: server); sending it from the browser too would count it twice. Use the lifecycle handle or send it from the edge.`
            : 'owner: server',
        event: name,
      });
      drop('invalid_event', name, 'owner: server');
      return;
    }
    emit(name, params ?? {}, 'event', trusted, event);
  };

  const pageViews = createPageViews({
    options: options.pageViews ?? {},
    scrubUrl,
    // Already scrubbed: mark the URL params trusted so they are not scanned twice.
    send: (params) => emit('page_view', params, 'page_view', ['page_location', 'page_referrer', 'page_title']),
  });

  const lifecycles = createLifecycles({
    taxonomy,
    track: (name, params, trusted) => track(name, params, trusted),
    violation: (v, throwable) => violation(v, throwable),
    sentry: () => bridge,
  });

  const consentCommands = (): ConsentCommand[] => {
    const commands = consentDefaultCommands(options.consent);
    if (consentChangedBeforeStart) commands.push({ command: 'update', state: { ...consent } });
    return commands;
  };

  const onHide = () => {
    lifecycles.reportAbandoned();
    pageViews.flushPending();
    for (const destination of active) void destination.flush?.(true).catch(() => undefined);
  };

  const api: TrackerApi<M> = {
    // `guarded` passes two arguments: the public call can never mark params trusted.
    trackEvent: guarded(track) as unknown as TrackerApi<M>['trackEvent'],
    pageView: guarded((input?: PageViewInput) => {
      pageViews.pageView(input);
    }),
    routeChanged: (input?: RouteChangeInput) => {
      let flush = () => {};
      guarded(() => {
        flush = pageViews.routeChanged(input);
      })();
      return guarded(flush);
    },
    setConsent: guarded((update: Partial<ConsentState>) => {
      const fields = consentUpdateFields(update);
      consent = mergeConsent(consent, fields);
      consentSeq++;
      if (!everStarted) {
        consentChangedBeforeStart = true;
        return;
      }
      for (const destination of active) destination.updateConsent?.(fields, consent, consentSeq);
    }),
    getConsent: () => ({ ...consent }),
    setContext: guarded((context: SharedContext) => {
      shared = { ...shared, ...context };
      if (typeof context.release === 'string') bridge?.tag('release', context.release);
    }),
    getAnalyticsIds: () => collectAnalyticsIds(everStarted ? active : options.destinations),
    decorateUrl(url: string): string {
      try {
        return consent.analytics_storage === 'granted' ? decorateWithIds(url, active) : url;
      } catch {
        return url;
      }
    },
    async flush(): Promise<void> {
      await Promise.all(active.map((d) => d.flush?.(false).catch(() => undefined)));
    },
    start: guarded(() => {
      const win = env.window();
      if (started || !win) return;
      started = true;
      if (!everStarted) {
        everStarted = true;
        if (options.linker?.acceptIncoming !== false) incomingIds = readIncomingIds();
        const context: DestinationContext = {
          consent: () => ({ ...consent }),
          consentDefault: consentCommands,
          linker: options.linker,
          incomingIds,
          drop,
          violation: (v) => violation(v),
          pageLocation: () => pageViews.lastLocation(),
          linkerRead: stripLinkerParams,
        };
        active = options.destinations.filter((destination) => {
          try {
            return destination.start(context);
          } catch (error) {
            violation({ code: 'invalid_config', message: `${destination.name} failed to start: ${String(error)}` });
            return false;
          }
        });
        if (!active.some((d) => d.name.startsWith('ga4:') || d.name.startsWith('gtm:'))) stripLinkerParams();
      }
      // Watches history in every mode (query-only replaceState is never a page view); routes by
      // itself only with automatic page views and no router adapter.
      pageViews.install();
      pageViews.initial();
      const held = queue;
      queue = [];
      for (const event of held) deliver(event);
      const onVisibility = () => {
        if (win.document.visibilityState === 'hidden') onHide();
      };
      win.addEventListener('pagehide', onHide);
      win.document.addEventListener('visibilitychange', onVisibility);
      removeListeners = () => {
        win.removeEventListener('pagehide', onHide);
        win.document.removeEventListener('visibilitychange', onVisibility);
      };
    }),
    shutdown(): void {
      try {
        started = false;
        removeListeners?.();
        removeListeners = undefined;
        pageViews.uninstall();
        for (const destination of active) {
          // Buffered events go out now rather than with a later start() that may never come.
          void destination.flush?.(false).catch(() => undefined);
          destination.shutdown?.();
        }
      } catch {
        // Shutting down never throws.
      }
    },
    dropCounts: () => ({ ...counts }),
    trackWebVital: guarded((name: WebVitalName, params: Record<string, string | number>) => {
      if (!WEB_VITALS.has(name)) {
        drop('invalid_event', name, 'not a web-vitals metric name');
        return;
      }
      emit(name, params, 'web_vital');
    }),
  };

  const starters: Record<string, unknown> = {};
  for (const [key, starter] of Object.entries(lifecycles.starters)) {
    starters[key] = (params?: Record<string, unknown>) => {
      let handle: LifecycleRuntimeHandle | undefined;
      guarded(() => {
        handle = starter(params) as LifecycleRuntimeHandle;
      })();
      const h = handle ?? deadHandle();
      return {
        correlationId: h.correlationId,
        get closed() {
          return h.closed;
        },
        complete: guarded((p?: Record<string, unknown>) => h.complete(p)),
        fail: guarded((error: string, p?: Record<string, unknown>) => h.fail(error, p)),
      };
    };
  }
  return Object.assign(api, starters) as Tracker<M, C>;
}
