import { env } from './env.js';
import { SETUP, type FeatureHost, type TrackerFeature } from './feature.js';
import { declares, starterName, type RuntimeLifecycle } from './taxonomy.js';

/** The bundler's `process.env.NODE_ENV` (folded in production builds); no Node types needed. */
declare const process: { env: { NODE_ENV?: string } };

type Params = Record<string, unknown>;
type AutoParams = 'duration_ms' | 'correlation_id';
type ArgsOf<P> = {} extends P ? [params?: P] : [params: P];
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type PascalCase<S extends string> = S extends `${infer H}_${infer T}` ? `${Capitalize<H>}${PascalCase<T>}` : Capitalize<S>;
type Ev<M, N extends string> = N extends keyof M ? M[N] : never;

/** Stems `s` for which the event map has `s_started`, `s_completed` and `s_failed`. */
export type LifecycleStem<M> = {
  [K in keyof M & string]: K extends `${infer S}_started`
    ? `${S}_completed` extends keyof M
      ? `${S}_failed` extends keyof M
        ? S
        : never
      : never
    : never;
}[keyof M & string];

type StartedOf<M, S extends string> = Ev<M, `${S}_started`>;
type CompletedOf<M, S extends string> = Ev<M, `${S}_completed`>;
type FailedOf<M, S extends string> = Ev<M, `${S}_failed`>;

/** Params `complete()` needs: the terminal's own params; those of the started event carry over. */
export type CompleteParams<M, S extends string> = Omit<CompletedOf<M, S>, AutoParams | keyof StartedOf<M, S>> &
  Partial<Omit<CompletedOf<M, S>, AutoParams>>;

/** The failed event's error param: its one required param the started event does not carry. */
export type ErrorParam<M, S extends string> = Exclude<RequiredKeys<FailedOf<M, S>>, AutoParams | keyof StartedOf<M, S>>;

/**
 * `complete()`'s arguments. When the completed event is not among the tracker's client events `C`
 * (it is server-owned, so the browser sends nothing for it), every param is optional: the handle
 * only closes the lifecycle and records the outcome for the Sentry bridge.
 */
type CompleteArgs<M, S extends string, C> = `${S}_completed` extends C
  ? ArgsOf<CompleteParams<M, S>>
  : [params?: Partial<CompleteParams<M, S>>];

/** A running lifecycle, returned by `start<Stem>()`. */
export interface LifecycleHandle<M, S extends string, C = keyof M> {
  /** Shared by the started and terminal events; pass it to your API (`x-taxon-correlation-id`). */
  readonly correlationId: string;
  /** True once `complete` or `fail` ran. */
  readonly closed: boolean;
  /** Ends the lifecycle as completed, with the measured duration. The first terminal call counts. */
  complete(...args: CompleteArgs<M, S, C>): void;
  /** Ends the lifecycle as failed with an error category. The first terminal call counts. */
  fail(
    error: FailedOf<M, S>[ErrorParam<M, S> & keyof FailedOf<M, S>],
    params?: Partial<Omit<FailedOf<M, S>, AutoParams | ErrorParam<M, S>>>,
  ): void;
}

/** `startGeneration`, `startSignup`, ... : one per lifecycle group of the event map. */
export type LifecycleStarters<M, C = keyof M> = {
  [S in LifecycleStem<M> as `start${PascalCase<S>}`]: (
    ...args: ArgsOf<Omit<StartedOf<M, S>, 'correlation_id'>>
  ) => LifecycleHandle<M, S, C>;
};

interface OpenLifecycle {
  stem: string;
  correlationId: string;
  startedAt: number;
  reportedAbandoned: boolean;
}

/**
 * A correlation id: 20 lowercase base-36 characters (about 100 random bits), matching
 * `^[A-Za-z0-9_-]{8,64}$`. It starts with a digit and has a letter every fifth character, so PII
 * scrubbing can never read it as anything but a random token: an IBAN needs two letters at a word
 * start, a phone or card number eight digits in a row. Ids that `scrubPii` turned into `[iban]`
 * reached GA as `correlation_id: "[iban]"`, and the collector flagged them as personal data.
 */
export function newCorrelationId(): string {
  const bytes = new Uint8Array(20);
  const crypto = globalThis.crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let id = String.fromCharCode(49 + (bytes[0]! % 9));
  for (let i = 1; i < bytes.length; i++) {
    id += i % 5 === 0 ? String.fromCharCode(97 + (bytes[i]! % 26)) : (bytes[i]! % 36).toString(36);
  }
  return id;
}

/**
 * Lifecycle handles, opted into with `createTracker({ features: [lifecycles()] })`: a
 * `start<Stem>()` method per started/completed/failed group of the taxonomy
 * (`tracker.startGeneration()`), whose handle sends the started event, then exactly one of the
 * completed or failed events with the measured `duration_ms` and a shared `correlation_id`, and
 * reports lifecycles still open when the page is hidden. Without it the `start<Stem>` methods
 * report a violation (and throw in development).
 */
export function lifecycles(): TrackerFeature {
  return { name: 'lifecycles', [SETUP]: setupLifecycles };
}

interface RuntimeHandle {
  correlationId: string;
  closed: boolean;
  complete(params?: Params): void;
  fail(error: string, params?: Params): void;
}

/** What a starter returns when it could not start (an internal error was counted instead). */
const deadHandle = (): RuntimeHandle => ({
  correlationId: newCorrelationId(),
  closed: true,
  complete: () => undefined,
  fail: () => undefined,
});

/** Builds the lifecycle starters of a taxonomy and tracks the open lifecycles. */
function setupLifecycles(host: FeatureHost) {
  const { taxonomy, guard } = host;
  const open = new Set<OpenLifecycle>();
  const methods: Record<string, (params?: Params) => RuntimeHandle> = {};
  const bucketParamOf = (raw: string) => taxonomy.buckets?.[raw]?.param ?? raw;

  const accepts = (event: string, callSiteKey: string) =>
    declares(taxonomy.events[event], bucketParamOf(callSiteKey));

  function errorParamOf(group: RuntimeLifecycle): string | undefined {
    const failed = taxonomy.events[group.failed];
    const started = taxonomy.events[group.started];
    return failed?.required.find(
      (p) => !declares(started, p) && p !== 'correlation_id' && p !== bucketParamOf('duration_ms'),
    );
  }

  function start(group: RuntimeLifecycle, startParams: Params = {}): RuntimeHandle {
    const state: OpenLifecycle = {
      stem: group.stem,
      correlationId: newCorrelationId(),
      startedAt: env.now(),
      reportedAbandoned: false,
    };
    open.add(state);
    const withId = accepts(group.started, 'correlation_id')
      ? { ...startParams, correlation_id: state.correlationId }
      : startParams;
    if (taxonomy.events[group.started]?.owner !== 'server') host.track(group.started, withId);
    let closed = false;

    const terminal = (event: string, params: Params, outcome: 'completed' | 'failed', error?: string) => {
      if (closed) {
        host.violation({
          code: 'lifecycle_second_terminal',
          message:
            typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
              ? `${group.stem} lifecycle ${state.correlationId} already ended; this ${outcome} call was ignored (exactly one of complete()/fail() counts).`
              : state.correlationId,
          event,
        }, true);
        return;
      }
      closed = true;
      open.delete(state);
      const duration = env.now() - state.startedAt;
      const full: Params = {};
      for (const [key, value] of Object.entries(startParams)) if (accepts(event, key)) full[key] = value;
      Object.assign(full, params);
      if (accepts(event, 'duration_ms')) full.duration_ms = duration;
      if (accepts(event, 'correlation_id')) full.correlation_id = state.correlationId;
      const sentry = host.sentry();
      if (error !== undefined) sentry?.tag('error_type', error);
      if (taxonomy.events[event]?.owner === 'client') {
        host.track(event, full);
        return;
      }
      // Server-owned terminal: the server sends it through the Measurement Protocol. Sending it
      // here too would count it twice; keep the trail in Sentry only.
      sentry?.record(event, {
        correlation_id: state.correlationId,
        duration_ms: duration,
        outcome,
        ...(error === undefined ? {} : { error_type: error }),
        sent_by: 'server',
      }, error === undefined ? 'info' : 'error');
    };

    return {
      correlationId: state.correlationId,
      get closed() {
        return closed;
      },
      complete: (params: Params = {}) => terminal(group.completed, params, 'completed'),
      fail: (error: string, params: Params = {}) => {
        const key = errorParamOf(group);
        terminal(group.failed, key ? { ...params, [key]: error } : params, 'failed', error);
      },
    };
  }

  // Public entry points: an internal error is counted (a dead handle returned) rather than thrown
  // into the page, and the handle's methods are guarded the same way.
  for (const group of taxonomy.lifecycles ?? []) {
    methods[starterName(group.stem)] = (params?: Params) => {
      let handle: RuntimeHandle | undefined;
      guard(() => {
        handle = start(group, params);
      })();
      const h = handle ?? deadHandle();
      return {
        correlationId: h.correlationId,
        get closed() {
          return h.closed;
        },
        complete: guard((p?: Params) => h.complete(p)),
        fail: guard((error: string, p?: Params) => h.fail(error, p)),
      };
    };
  }

  return {
    methods,
    /** Reports lifecycles still open when the page is hidden, once each. */
    onHide(): void {
      for (const state of open) {
        if (state.reportedAbandoned) continue;
        state.reportedAbandoned = true;
        const data = { correlation_id: state.correlationId, open_ms: env.now() - state.startedAt };
        host.sentry()?.record(`${state.stem} abandoned`, data, 'warning');
        host.violation({
          code: 'lifecycle_abandoned',
          message:
            typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
              ? `${state.stem} lifecycle ${state.correlationId} was still open when the page was hidden.`
              : state.correlationId,
        }, false);
      }
    },
  };
}
