import { createUrlScrubber, isDevelopment } from '@taxon/core';
import { consentDefaultCommands, consentUpdateFields, deniedConsent, mergeConsent, type ConsentState } from './consent.js';
import { env } from './env.js';
import { SETUP, type FeatureHost, type FeatureParts, type Linking, type TrackerFeature } from './feature.js';
import { createPluginRunner } from './lib/plugin-runner.js';
import { createPageViews, type PageViewInput, type RouteChangeInput } from './page-views.js';
import { lazyValidator, starterName } from './taxonomy.js';
import { collectAnalyticsIds } from './tracker/analytics-ids.js';
import { createDelivery } from './tracker/delivery.js';
import { createDiagnostics, type TrackerDebug } from './tracker/diagnostics.js';
import { createPageContext } from './tracker/page-context.js';
import { createViolations } from './tracker/violations.js';
import { createWireBuilder } from './wire-builder.js';
import type { SharedContext, Tracker, TrackerApi, TrackerOptions, ViolationMode, WebVitalName } from './tracker-types.js';
import type { ConsentCommand, Destination, DestinationContext, EventKind, Plugin, TaxonEvent } from './types.js';

export type { SharedContext, TrackArgs, Tracker, TrackerApi, TrackerOptions, ValidateEvent, ViolationMode, WebVitalName } from './tracker-types.js';

/** The bundler's `process.env.NODE_ENV` (folded in production builds); no Node types needed. */
declare const process: { env: { NODE_ENV?: string } };

const WEB_VITALS: ReadonlySet<string> = new Set<WebVitalName>(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']);

/** Params the runtime produced itself (correlation ids, scrubbed page URLs): not scanned again. */
type Trusted = readonly string[] | undefined;

const CORRELATION_ID: Trusted = ['correlation_id'];

/**
 * Creates a tracker. Creating it touches no DOM or global: it is safe at module scope and in
 * SSR. `start()` (in the browser) does the rest.
 *
 * Pass the generated `ClientEventName` as the second type argument so that a server-owned event
 * (sent from the edge through the Measurement Protocol) is a type error in browser code.
 *
 * One event flows: wire builder (bucketing, enrichment, scrubbing, GA4 limits) → dev validation
 * → plugins → page context (tracker/page-context.ts) → delivery (tracker/delivery.ts: pre-start
 * queue, consent gate, per-destination copies). Violations and their throw protocol live in
 * tracker/violations.ts, counts and the debug view in tracker/diagnostics.ts; this file wires.
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
  const dev = isDevelopment();
  const mode: ViolationMode = dev ? (options.violations ?? 'throw') : options.violations === 'warn' ? 'warn' : 'hook';
  let consent = mergeConsent(deniedConsent(), options.consent?.default ?? {});
  let consentChangedBeforeStart = false;
  let consentSeq = 0;
  let shared: SharedContext = {};
  let started = false;
  let everStarted = false;
  let removeListeners: (() => void) | undefined;
  const scrubUrl = createUrlScrubber(options.scrubUrl ?? {});
  // The bridge is built by the app (`sentryBridge(Sentry)`): an app without Sentry ships none of it.
  const bridge = options.sentry?.plugin ? options.sentry : undefined;

  const diagnostics = createDiagnostics({ onDrop: options.onDrop, dev });
  const drop = diagnostics.drop;
  const violations = createViolations({
    mode,
    dev,
    onViolation: options.onViolation,
    internalError: (error) => drop('invalid_event', undefined, `internal error: ${String(error)}`),
  });
  const violation = violations.report;
  const guard = violations.guard;

  if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && options.sentry && !bridge) {
    violation({
      code: 'invalid_config',
      message: 'createTracker(): `sentry` takes the bridge, not the SDK: `sentry: sentryBridge(Sentry)` (both from their packages).',
    });
  }
  if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && 'linker' in options) {
    // The option of earlier versions; untyped callers would otherwise lose linking silently.
    violation({
      code: 'invalid_config',
      message: "createTracker(): `linker` is now the crossDomain feature: `features: [crossDomain({ domains: [...] })]`, with `import { crossDomain } from '@taxon/web'`.",
    });
  }

  // Bucketing, enrichment, PII scrubbing and GA4 limits run fused in one pass (wire-builder.ts);
  // plugins are what comes after: the Sentry bridge and the app's own.
  const { plan, build } = createWireBuilder({ taxonomy, scrubUrl, drop, violation });
  const plugins: Plugin[] = [...(bridge ? [bridge.plugin] : []), ...(options.plugins ?? [])];
  const run = createPluginRunner(plugins, drop, violation);
  const validate = options.validate ?? lazyValidator(taxonomy.loadValidators, (v) => violation(v, false));
  const delivery = createDelivery({ consent: () => consent, queueSize: options.queueSize ?? 100, diagnostics });

  const emit = (name: string, params: Record<string, unknown>, kind: EventKind, trusted: Trusted) => {
    const wire = build(name, kind, params, trusted, shared);
    if (wire === null) return;
    // The generated zod validators check the wire params: loaded by default in development only
    // (lazyValidator folds to undefined in production); an app that passes `validate` itself has
    // chosen to ship them, so it runs in every mode.
    if (validate !== undefined && kind === 'event') {
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
    if (kind === 'page_view') delivery.accept(event);
    else pageContext.route(event);
  };

  /** Any taxonomy event; only the runtime itself passes `trusted` (lifecycle correlation ids). */
  const trackInternal = (name: string, params: Record<string, unknown> | undefined, trusted: Trusted) => {
    if (plan(name) === undefined) {
      violation({
        code: 'invalid_event',
        message:
          typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
            ? `trackEvent("${name}"): not an event of the taxonomy.`
            : 'unknown event',
        event: name,
      });
      drop('invalid_event', name, 'unknown event');
      return;
    }
    if (taxonomy.events[name]!.owner === 'server') {
      violation({
        code: 'invalid_event',
        message:
          typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
            ? `trackEvent("${name}"): the taxonomy says the server sends this event (owner: server); sending it from the browser too would count it twice. Use the lifecycle handle or send it from the edge.`
            : 'owner: server',
        event: name,
      });
      drop('invalid_event', name, 'owner: server');
      return;
    }
    emit(name, params ?? {}, 'event', trusted);
  };

  // The public entry: two parameters, and nothing it is given reaches `trusted`, so a caller can
  // never skip the PII scan whatever it passes.
  const trackEvent = (name: string, params: Record<string, unknown> | undefined) => trackInternal(name, params, undefined);

  const pageViews = createPageViews({
    options: options.pageViews ?? {},
    scrubUrl,
    // Already scrubbed: mark the URL params trusted so they are not scanned twice.
    send: (params) => emit('page_view', params, 'page_view', ['page_location', 'page_referrer', 'page_title']),
    settled: () => pageContext.settled(),
  });

  const pageContext = createPageContext({
    current: () => pageViews.current(),
    waiting: () => pageViews.waiting(),
    forward: (event) => delivery.accept(event),
  });

  // Features are this package's own (their setup is keyed by a symbol the package does not export),
  // and the only params they may mark trusted are the correlation ids the runtime generates.
  const host: FeatureHost = {
    taxonomy,
    track: (name, params) => trackInternal(name, params, CORRELATION_ID),
    violation,
    guard,
    sentry: () => bridge,
    consent: () => consent,
    destinations: () => delivery.active(),
  };
  const features: FeatureParts[] = [];
  for (const feature of options.features ?? []) {
    const setup = (feature as Partial<TrackerFeature>)[SETUP];
    if (typeof setup === 'function') features.push(setup(host));
    else violation({ code: 'invalid_config', message: `createTracker(): features takes Taxon's own features (lifecycles(), crossDomain()), not ${String((feature as { name?: unknown })?.name ?? feature)}.` });
  }
  const linking: Linking | undefined = features.find((f) => f.linking)?.linking;
  /** Reports the use of a feature the app did not pass in `features`. */
  const missing = (call: string, feature: string) =>
    violation({
      code: 'invalid_config',
      message:
        typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
          ? `tracker.${call}() needs the ${feature} feature: createTracker({ ..., features: [${feature}()] }), with \`import { ${feature} } from '@taxon/web'\`.`
          : feature,
    });

  const consentCommands = (): ConsentCommand[] => {
    const commands = consentDefaultCommands(options.consent);
    if (consentChangedBeforeStart) commands.push({ command: 'update', state: { ...consent } });
    return commands;
  };

  const onHide = () => {
    for (const feature of features) feature.onHide?.();
    pageViews.flushPending();
    for (const destination of delivery.active()) void destination.flush?.(true).catch(() => undefined);
  };

  const startDestinations = (): Destination[] => {
    const incomingIds = linking?.incomingIds() ?? {};
    const linkerRead = linking?.read ?? (() => undefined);
    const active = options.destinations.filter((destination) => {
      diagnostics.register(destination.name);
      // Each destination's drops are counted under its name (tracker.debug()).
      const context: DestinationContext = {
        consent: () => ({ ...consent }),
        consentDefault: consentCommands,
        linker: linking?.linker,
        incomingIds,
        drop: (reason, event, detail) => drop(reason, event, detail, destination.name),
        violation: (v) => violation(v),
        pageLocation: () => pageViews.lastLocation(),
        linkerRead,
      };
      try {
        return destination.start(context);
      } catch (error) {
        violation({ code: 'invalid_config', message: `${destination.name} failed to start: ${String(error)}` });
        return false;
      }
    });
    if (!active.some((d) => d.name.startsWith('ga4:') || d.name.startsWith('gtm:'))) linkerRead();
    return active;
  };

  const api: TrackerApi<M> = {
    trackEvent: guard(trackEvent) as TrackerApi<M>['trackEvent'],
    pageView: guard((input?: PageViewInput) => {
      pageViews.pageView(input);
    }),
    routeChanged: (input?: RouteChangeInput) => {
      let flush = () => {};
      guard(() => {
        flush = pageViews.routeChanged(input);
      })();
      return guard(flush);
    },
    setConsent: guard((update: Partial<ConsentState>) => {
      const fields = consentUpdateFields(update);
      consent = mergeConsent(consent, fields);
      consentSeq++;
      if (!everStarted) {
        consentChangedBeforeStart = true;
        return;
      }
      for (const destination of delivery.active()) destination.updateConsent?.(fields, consent, consentSeq);
    }),
    getConsent: () => ({ ...consent }),
    setContext: guard((context: SharedContext) => {
      shared = { ...shared, ...context };
      if (typeof context.release === 'string') bridge?.tag('release', context.release);
    }),
    getAnalyticsIds: () => collectAnalyticsIds(everStarted ? delivery.active() : options.destinations),
    decorateUrl(url: string): string {
      if (linking) return linking.decorate(url);
      guard(() => missing('decorateUrl', 'crossDomain'))();
      return url;
    },
    async flush(): Promise<void> {
      await Promise.all(delivery.active().map((d) => d.flush?.(false).catch(() => undefined)));
    },
    start: guard(() => {
      const win = env.window();
      if (started || !win) return;
      started = true;
      if (!everStarted) {
        everStarted = true;
        delivery.setDestinations(startDestinations());
      }
      // Watches history in every mode (query-only replaceState is never a page view); routes by
      // itself only with automatic page views and no router adapter.
      pageViews.install();
      delivery.open(() => pageViews.initial());
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
        delivery.close();
        removeListeners?.();
        removeListeners = undefined;
        pageViews.uninstall();
        for (const destination of delivery.active()) {
          // Buffered events go out now rather than with a later start() that may never come.
          void destination.flush?.(false).catch(() => undefined);
          destination.shutdown?.();
        }
      } catch {
        // Shutting down never throws.
      }
    },
    dropCounts: () => diagnostics.counts(),
    debug(): TrackerDebug {
      const pending = new Map(delivery.active().map((d) => [d.name, d.pending?.() ?? 0]));
      return {
        started,
        consent: { ...consent },
        held: { beforeStart: delivery.queued(), awaitingPageView: pageContext.held() },
        dropped: diagnostics.counts(),
        destinations: diagnostics.destinations((name) => pending.get(name) ?? 0),
        recentDrops: diagnostics.recentDrops(),
      };
    },
    trackWebVital: guard((name: WebVitalName, params: Record<string, string | number>) => {
      if (!WEB_VITALS.has(name)) {
        drop('invalid_event', name, 'not a web-vitals metric name');
        return;
      }
      emit(name, params, 'web_vital', undefined);
    }),
  };

  const methods: Record<string, unknown> = {};
  for (const feature of features) Object.assign(methods, feature.methods);
  if (!features.some((f) => f.methods)) {
    // Lifecycles are opt-in: a starter without the feature is a violation, never a silent no-op
    // nor a TypeError thrown into the page.
    for (const group of taxonomy.lifecycles ?? []) {
      const call = starterName(group.stem);
      methods[call] = () => {
        guard(() => missing(call, 'lifecycles'))();
        return { correlationId: '', closed: true, complete: () => undefined, fail: () => undefined };
      };
    }
  }
  return Object.assign(api, methods) as Tracker<M, C>;
}
