import type { MetricsOption } from '../telemetry/guard-metrics.js';
import type { Drop, DropCounts, FlushResult, RetryOptions, ValidationMessage } from '@taxon/core';

/**
 * The generated taxonomy data the client needs at runtime, passed by the app:
 * `{ events: eventDefinitions, buckets: bucketSources, enums: enumValues }` from the generated
 * `taxon` folder.
 */
export interface MeasurementProtocolTaxonomy {
  /** Owner and params of every event (`eventDefinitions`). Only `owner: 'server'` events are sent. */
  events: Readonly<Record<string, MeasurementProtocolEventDefinition>>;
  /** Raw call-site keys and the bucket param each becomes (`bucketSources`). */
  buckets?: Readonly<Record<string, { readonly param: string; readonly toLabel: (value: number) => string }>>;
  /** Allowed values per enum param (`enumValues`); a value listed here is sent without scrubbing. */
  enums?: Readonly<Record<string, readonly string[]>>;
}

/** One entry of the generated `eventDefinitions`. */
export interface MeasurementProtocolEventDefinition {
  /** Who sends the event; the MP client sends `server` events only. */
  readonly owner: 'client' | 'server';
  /** Wire params the event must carry. */
  readonly required: readonly string[];
  /** Wire params the event may carry. */
  readonly optional: readonly string[];
}

/** Options of `createMeasurementProtocol`. */
export interface MeasurementProtocolOptions {
  /** The web stream's measurement id, `G-XXXXXXXXXX` (GA4 Admin > Data streams > your stream). */
  measurementId: string;
  /**
   * A Measurement Protocol API secret (GA4 Admin > Data streams > your stream > Measurement
   * Protocol API secrets). Keep it server-side; it is only ever put in the request URL.
   */
  apiSecret: string;
  /**
   * Where `/mp/collect` and `/debug/mp/collect` live. Point it at the local collector in
   * development and tests.
   * @default 'https://www.google-analytics.com'
   */
  baseUrl?: string;
  /** The generated taxonomy data. */
  taxonomy: MeasurementProtocolTaxonomy;
  /** The fetch to use; looked up on `globalThis` at each request when absent. */
  fetch?: typeof fetch;
  /** Most events held at once (queued or in flight); more are dropped with `queue_overflow`. @default 1000 */
  maxQueue?: number;
  /** Most events per request; capped at MP's 25. @default 25 */
  maxBatch?: number;
  /** Requests in flight at once. @default 2 */
  concurrency?: number;
  /** Retries on network errors, 408, 429 and 5xx: exponential backoff with full jitter. */
  retry?: RetryOptions;
  /** Total time a batch may spend in retries, from its first attempt. @default 30000 */
  budgetMs?: number;
  /** Time limit of one HTTP request. @default 10000 */
  requestTimeoutMs?: number;
  /** How many recent dedupe keys are remembered to refuse a second send. @default 10000 */
  dedupeWindow?: number;
  /**
   * Also send each event's dedupe key as this event param, so a receiver (the collector, a
   * BigQuery export) can drop the copy a retry produces after an ambiguous failure. Off by default:
   * it costs one of the 25 params and GA4 itself does not use it.
   */
  dedupeParam?: string;
  /**
   * Params holding random identifiers (not personal data) that PII scrubbing would otherwise
   * replace because they look random. A value in one is kept when it is an opaque id by
   * `@taxon/core`'s identifier policy (`isIdentifier`: letters, digits and `._:-`, not shaped like
   * an API key, nothing `scrubPii` finds but digit and high-entropy runs); anything else in them
   * is still scrubbed. GA4 dedupes purchases by `transaction_id`, so scrubbing it would merge them.
   * @default IDENTIFIER_PARAMS from `@taxon/core` (transaction_id, correlation_id, session and ad-click ids...)
   */
  identifierParams?: readonly string[];
  /** Called for every dropped event, with the reason. Exceptions thrown by it are ignored. */
  onDrop?: (drop: MeasurementProtocolDrop) => void;
  /**
   * Adds `debug_mode: true` to every event so it shows in GA4 DebugView.
   * @default false
   * @see https://support.google.com/analytics/answer/7201382
   */
  debug?: boolean;
  /** Injected time and randomness for the transport (tests). */
  clock?: { now?: () => number; sleep?: (ms: number) => Promise<void>; random?: () => number };
  /**
   * Where delivery metrics go (`taxon_mp_events_total{outcome}`, `taxon_mp_drops_total{reason}`,
   * the `taxon_mp_queue_size` gauge): one `MetricsSink` or several. A throwing sink is ignored.
   * @default none
   */
  metrics?: MetricsOption;
}

/** The browser identifiers that join a server event to the user's session. */
export interface MeasurementProtocolIds {
  /**
   * The GA client id: in the browser, `gtag('get', '<measurement id>', 'client_id', cb)` or the
   * `_ga` cookie (`GA1.1.<client id>`). Pass it from the browser with the request.
   */
  clientId: string;
  /**
   * The GA session id: `gtag('get', '<measurement id>', 'session_id', cb)` or the
   * `_ga_<container>` cookie. Without it the event is not part of the user's session.
   */
  sessionId: string;
  /** Your stable user id, sent as `user_id` (never an email or other personal data). */
  userId?: string;
  /** Engagement time to report; GA4 needs a positive value for Realtime. @default 1 */
  engagementTimeMsec?: number;
  /** When the event happened; at most 72 hours ago. @default now */
  timestamp?: Date;
}

/** Per-send options. */
export interface SendOptions {
  /**
   * Identifies the event for deduplication: a second send with a key already accepted is dropped
   * with `duplicate`. Defaults to `<name>:<transaction_id>`, else `<name>:<correlation_id>`, else
   * a random id (no client-side dedupe).
   */
  dedupeKey?: string;
}

/** One product of a GA4 `purchase`. */
export interface PurchaseItem {
  /** Your product or plan id, e.g. `pro_yearly`. */
  item_id?: string;
  /** Product name (scrubbed like every string). */
  item_name?: string;
  /** Product category. */
  item_category?: string;
  /** Variant, e.g. the billing interval. */
  item_variant?: string;
  /** Unit price in the purchase currency. */
  price?: number;
  /** Units bought. @default 1 (GA4) */
  quantity?: number;
}

/**
 * GA4's recommended `purchase` event params.
 * @see https://developers.google.com/analytics/devguides/collection/ga4/reference/events#purchase
 */
export interface PurchaseParams {
  /** Unique id of the transaction; GA4 dedupes purchases by it. */
  transaction_id: string;
  /** Revenue of the purchase. */
  value: number;
  /** ISO 4217 currency code, e.g. `USD`. */
  currency: string;
  /** Tax included in `value`. */
  tax?: number;
  /** Shipping included in `value`. */
  shipping?: number;
  /** Coupon code used (scrubbed like every string). */
  coupon?: string;
  /** At most 200 items. */
  items?: readonly PurchaseItem[];
}

/** One event as sent in an MP request. */
export interface MpEvent {
  /** Event name, at most 40 characters. */
  name: string;
  /** Event params (at most 25), including `session_id` and `engagement_time_msec`. */
  params: Record<string, unknown>;
  /** Event time in Unix microseconds. */
  timestamp_micros?: number;
}

/**
 * The JSON body of an MP request.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/reference
 */
export interface MpPayload {
  /** The browser's GA client id. */
  client_id: string;
  /** Your user id; never personal data. */
  user_id?: string;
  /** Default time of the events, Unix microseconds (this client sets it per event instead). */
  timestamp_micros?: number;
  /** User-scoped properties. */
  user_properties?: Record<string, { value: unknown }>;
  /** Consent signals, e.g. `{ ad_user_data: 'DENIED' }`. */
  consent?: Record<string, 'GRANTED' | 'DENIED'>;
  /** At most 25 events. */
  events: MpEvent[];
}

/** Codes and messages of `/debug/mp/collect`: one definition, in `@taxon/core`. */
export type { ValidationCode, ValidationMessage } from '@taxon/core';

/** A dropped MP event: the shared `Drop` plus the event's dedupe key. */
export interface MeasurementProtocolDrop extends Drop {
  /** The event's dedupe key, when it had been assigned one. */
  dedupeKey?: string;
}

/** The MP client's `flush()` result: totals since the client was created. */
export interface MeasurementProtocolFlushResult extends FlushResult {
  /** Drops by reason. */
  dropCounts: DropCounts;
}

/**
 * A Measurement Protocol client. `M` is the generated `EventMap`; `S` the events it may send
 * (pass the generated `ServerEventName`).
 */
export interface MeasurementProtocolClient<
  M = Record<string, Record<string, unknown>>,
  S extends keyof M & string = keyof M & string,
> {
  /**
   * Queues a server-owned taxonomy event. Raw numbers are bucketed, strings scrubbed, GA4 and MP
   * limits applied; anything refused is dropped with a reason (in development, misuse throws a
   * `TypeError`). Never throws in production.
   */
  send<N extends S>(name: N, params: M[N], ids: MeasurementProtocolIds, options?: SendOptions): void;
  /**
   * Queues GA4's recommended `purchase` event (not part of the taxonomy) for a server-confirmed
   * payment. Its default dedupe key is `purchase:<transaction_id>`.
   */
  sendPurchase(params: PurchaseParams, ids: MeasurementProtocolIds, options?: SendOptions): void;
  /** Resolves when everything queued so far was delivered or dropped. Never rejects. */
  flush(): Promise<MeasurementProtocolFlushResult>;
  /**
   * POSTs `payload` to `/debug/mp/collect` and returns its `validationMessages` (empty when
   * valid). Rejects when the endpoint cannot be reached or does not answer JSON.
   */
  validate(payload: MpPayload): Promise<ValidationMessage[]>;
  /**
   * The MP body `send` would produce for one event (after buckets, scrubbing and limits), for
   * `validate`. Throws a `TypeError` naming the problem when the event would be dropped.
   */
  payloadFor<N extends S>(name: N, params: M[N], ids: MeasurementProtocolIds): MpPayload;
  /** Drop counts by reason since the client was created. */
  dropCounts(): DropCounts;
}
