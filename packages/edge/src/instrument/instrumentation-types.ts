import type { DropCounts } from '@taxon/core';
import type { PriceTable } from '../cost/price-table.js';
import type { UsageSink } from '@taxon/core';
import type { ErrorClassifier } from './classify-error.js';
import type { CreditOptions } from './credit-hold.js';
import type { GenerationContext } from './generation-context.js';
import type { GenerationEventSender } from './send-generation-event.js';
import type { UsageAdapter } from './token-usage.js';

/** Something instrumentation could not do; the AI call itself was not affected. */
export interface InstrumentationIssue {
  /**
   * `sink_failed`/`sink_timeout`: the usage record may be lost; `mp_failed`: the MP client refused
   * the event; `mp_skipped_missing_ids`: no `clientId`/`sessionId`; `cost_unknown`: the model has no
   * price at the call's date (recorded with `estimatedCost: null`, counted by the cost queries as
   * `unpricedCalls`; production only, development throws); `usage_missing`: no adapter read the tokens;
   * `adapter_failed`: a usage adapter threw; `invalid_context`: the call was not recorded;
   * `pii_blocked`: the context's `userId` looks like personal data, so the call was not recorded
   * (production only, development throws); `credit_failed`: a credit hold could not be settled
   * (its TTL returns it) or was charged less than the call used.
   */
  kind:
    | 'sink_failed'
    | 'sink_timeout'
    | 'mp_failed'
    | 'mp_skipped_missing_ids'
    | 'cost_unknown'
    | 'usage_missing'
    | 'adapter_failed'
    | 'invalid_context'
    | 'pii_blocked'
    | 'credit_failed';
  /** The call's request id, when it had one. */
  requestId: string | undefined;
  /** What happened and what to do about it. */
  message: string;
  /** The underlying error, when there was one. */
  error?: unknown;
}

/** Options of `createInstrumentation`. */
export interface InstrumentationOptions {
  /** The generated `priceTable` (from `taxonomy/prices.yaml`). */
  prices: PriceTable;
  /** Where exact figures go, e.g. the Postgres usage log of `@taxon/store`. */
  sink?: UsageSink;
  /** The Measurement Protocol client that sends `generation_completed`/`generation_failed`. */
  mp?: GenerationEventSender;
  /** Extra usage adapters, tried before the built-in OpenAI and Anthropic ones. */
  adapters?: readonly UsageAdapter[];
  /** Extra error classifiers, tried before the built-in ones. */
  classifiers?: readonly ErrorClassifier[];
  /**
   * Send the context's `userId` as the GA4 `user_id`. Off by default: GA4 forbids personal data in
   * `user_id`, and `client_id` + `session_id` already join the event to the browser session.
   * @default false
   */
  sendUserId?: boolean;
  /** The app release, stored with every record. @default null */
  release?: string;
  /** Abort calls after this many milliseconds; a call's own `timeoutMs` overrides it. @default none */
  timeoutMs?: number;
  /**
   * How long a sink insert may take before the GA event is sent without waiting for it (the
   * dedupe key still prevents a double send). @default 10_000
   */
  sinkTimeoutMs?: number;
  /**
   * Treat a successful call whose usage no adapter can read as `ai_malformed_response`. Turn off
   * for calls that legitimately return no usage; they are then recorded as successes with 0 tokens.
   * @default true
   */
  requireUsage?: boolean;
  /** Receives every background task, e.g. `ctx.waitUntil` of an edge runtime. */
  waitUntil?: (task: Promise<unknown>) => void;
  /**
   * Reports what instrumentation could not do. Exceptions it throws are ignored.
   * @default console.warn in development, nothing in production
   */
  onError?: (issue: InstrumentationIssue) => void;
  /**
   * Reserve credit before every call and settle it after (commit the exact usage, or release by the
   * partial-failure policy). A refused reserve throws `CreditRefusedError` before the provider is
   * called. See `CreditOptions` and docs/credits.md.
   * @default no credit checks
   */
  credits?: CreditOptions;
  /** The clock for the call's start (which price applies, `created_at`). @default () => new Date() */
  now?: () => Date;
}

/** Options of one instrumented call. */
export interface GenerationCallOptions {
  /** Abort this call after this many milliseconds (`ai_timeout`). */
  timeoutMs?: number;
  /** Aborts the call when aborted, e.g. the incoming request's signal. Classified as `ai_timeout`. */
  signal?: AbortSignal;
  /** Receives this call's background task, e.g. this request's `ctx.waitUntil`. */
  waitUntil?: (task: Promise<unknown>) => void;
}

/** Counters of what instrumentation did, since it was created. */
export interface InstrumentationStats {
  /** Calls made through `instrumentGeneration`. */
  calls: number;
  /** Records the sink stored. */
  recorded: number;
  /** Calls whose request id the sink already had: nothing stored, no GA event. */
  duplicates: number;
  /** Sink inserts that rejected. */
  sinkFailures: number;
  /** Sink inserts that did not settle within `sinkTimeoutMs`. */
  sinkTimeouts: number;
  /** GA events handed to the Measurement Protocol client. */
  eventsSent: number;
  /**
   * Calls recorded with an unknown cost (`estimatedCost: null`) because their model had no price at
   * the call's date; the usage-log cost queries report such rows as `unpricedCalls`.
   */
  costUnknown: number;
  /** Successful calls whose token usage no adapter could read. */
  usageMissing: number;
  /** Calls not recorded because their `userId` looked like personal data (production; development throws). */
  piiBlocked: number;
  /** Background tasks still running. */
  pending: number;
}

/** An instrumentation instance, from `createInstrumentation`; `Model` is the price table's models. */
export interface Instrumentation<Model extends string = string> {
  /**
   * Runs one AI call and records it. Returns the call's own result, or rethrows its own error (the
   * same object, unchanged); recording happens in the background and never delays or fails it.
   */
  instrumentGeneration<T>(
    context: GenerationContext<Model>,
    call: (signal: AbortSignal) => Promise<T>,
    options?: GenerationCallOptions,
  ): Promise<T>;
  /** Resolves when every record is stored or given up and the MP client has flushed. Never rejects. */
  flush(): Promise<void>;
  /** What instrumentation did so far. */
  stats(): InstrumentationStats;
  /** GA events not handed to the MP client, by reason (`invalid_event`: missing ids; `duplicate`). */
  dropCounts(): DropCounts;
}
