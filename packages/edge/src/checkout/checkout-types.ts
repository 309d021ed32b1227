import type { MetricsOption } from '../telemetry/guard-metrics.js';
import type { checkoutMetadataKeys } from './checkout-metadata.js';
import type { ProcessedEvents } from './processed-events.js';

/**
 * The part of the official `stripe` library used: `new Stripe(key)`, or the `Stripe` class itself
 * (its static `webhooks`). Taken as a parameter so `stripe` stays an optional peer dependency.
 */
export interface StripeWebhooks {
  webhooks: {
    /**
     * Verifies the `stripe-signature` header and parses the event. The async variant works with
     * Node's crypto and with Web Crypto (edge runtimes), where the sync `constructEvent` throws.
     */
    constructEventAsync(
      payload: string | Uint8Array,
      header: string | string[] | Uint8Array,
      secret: string,
      tolerance?: number,
      cryptoProvider?: unknown,
      receivedAt?: number,
    ): Promise<unknown>;
  };
}

/** `checkout_completed` params at the call site. */
export interface CheckoutCompletedParams {
  /** From `metadata.target_plan`. */
  target_plan: string;
  /** From `metadata.billing_interval`. */
  billing_interval: string;
  /** `amount_total` in the currency's main unit. */
  value: number;
  /** Upper-case ISO 4217 code. */
  currency: string;
  /** The checkout session id, `cs_...`. */
  transaction_id: string;
}

/** The ids that join the webhook's events to the browser session. */
export interface CheckoutEventIds {
  /** From `metadata.ga_client_id`. */
  clientId: string;
  /** From `metadata.ga_session_id`. */
  sessionId: string;
  /** The Stripe event's `created`, when under 71 hours old. */
  timestamp?: Date;
}

/** GA4 `purchase` params. */
export interface CheckoutPurchaseParams {
  /** The checkout session id: GA4 dedupes purchases by it. */
  transaction_id: string;
  /** Revenue. */
  value: number;
  /** Upper-case ISO 4217 code. */
  currency: string;
  /** The plan bought, as one item. */
  items?: readonly CheckoutPurchaseItem[];
}

/** One item of the `purchase`: the plan bought. */
export interface CheckoutPurchaseItem {
  item_id?: string;
  item_name?: string;
  item_variant?: string;
  price?: number;
  quantity?: number;
}

/** The part of the Measurement Protocol client (`createMeasurementProtocol`) checkout uses. */
export interface CheckoutEventSender {
  send(
    name: 'checkout_completed',
    params: CheckoutCompletedParams,
    ids: CheckoutEventIds,
    options?: { dedupeKey?: string },
  ): void;
  sendPurchase(params: CheckoutPurchaseParams, ids: CheckoutEventIds, options?: { dedupeKey?: string }): void;
  /** Builds the payload or throws a `TypeError` naming why the event would be dropped. */
  payloadFor?(name: 'checkout_completed', params: CheckoutCompletedParams, ids: CheckoutEventIds): unknown;
  flush?(): Promise<unknown>;
}

/** What every call of `recordCheckoutCompleted` needs, however the event is verified. */
export interface CheckoutRecordingOptions {
  mp: CheckoutEventSender;
  /** Where handled deliveries are remembered (`createSqlProcessedEvents` of `@taxon/store`, or in memory for one process). */
  processed: ProcessedEvents;
  /** Metadata key names, when yours differ from {@link checkoutMetadataKeys}. */
  metadataKeys?: Partial<Record<keyof typeof checkoutMetadataKeys, string>>;
  /**
   * Receives the MP client's flush (an edge runtime's `ctx.waitUntil`). Without it the flush is
   * awaited before the result is returned, so a serverless function does not freeze mid-send.
   */
  waitUntil?: (task: Promise<unknown>) => void;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
  /**
   * Where the delivery's outcome goes (`taxon_webhook_events_total{event_type, outcome}`), one
   * `MetricsSink` or several. A throwing sink is ignored. @default none
   */
  metrics?: MetricsOption;
}

/** `recordCheckoutCompleted` verifies the delivery itself, with the official `stripe` library. */
export interface RecordCheckoutRawOptions extends CheckoutRecordingOptions {
  /** The raw request body, byte for byte (`await request.text()`); a re-serialised body fails verification. */
  body: string;
  /** The `stripe-signature` header. */
  signature: string | null | undefined;
  /** The endpoint's signing secret, `whsec_...` (Stripe Dashboard > Developers > Webhooks). */
  secret: string;
  stripe: StripeWebhooks;
  /** Largest age of the signature's timestamp, in seconds. @default 300 (Stripe's default) */
  tolerance?: number;
  /** A Stripe `CryptoProvider`, e.g. `Stripe.createSubtleCryptoProvider()` on an edge runtime. */
  cryptoProvider?: unknown;
  event?: never;
}

/**
 * An event the app's own webhook route already verified (`stripe.webhooks.constructEvent`): pass
 * it as is and it is not verified a second time. Only pass an event whose signature was checked.
 */
export interface VerifiedStripeEvent {
  id: string;
  type: string;
  /** Unix seconds. */
  created?: number;
  data: { object: unknown };
}

/** The app's webhook route verified the event already: Taxon reads it, verifying nothing again. */
export interface RecordCheckoutVerifiedOptions extends CheckoutRecordingOptions {
  /** The `Stripe.Event` your route got from `stripe.webhooks.constructEvent(...)`. */
  event: VerifiedStripeEvent;
  body?: never;
  signature?: never;
  secret?: never;
  stripe?: never;
}

/** Options of `recordCheckoutCompleted`: a raw delivery to verify, or an already verified event. */
export type RecordCheckoutOptions = RecordCheckoutRawOptions | RecordCheckoutVerifiedOptions;

/** What happened to one delivery, and the HTTP status the webhook route should answer. */
export type CheckoutResult =
  | {
      ok: true;
      status: 'recorded';
      httpStatus: 200;
      eventId: string;
      transactionId: string;
      /** Exact value in the currency's main unit, e.g. `'19.99'`. */
      value: string;
      currency: string;
    }
  | { ok: true; status: 'duplicate'; httpStatus: 200; eventId: string; transactionId?: string }
  | { ok: true; status: 'ignored'; httpStatus: 200; eventId: string; eventType: string; reason: string }
  | { ok: false; status: 'invalid_signature'; httpStatus: 400; message: string }
  | {
      ok: false;
      /** The session lacks the GA ids or plan metadata, or they are invalid: nothing was sent. */
      status: 'invalid_checkout';
      /** 200: Stripe retrying cannot add metadata to an existing session. */
      httpStatus: 200;
      eventId: string;
      transactionId: string;
      problems: string[];
    }
  | { ok: false; status: 'error'; httpStatus: 500; eventId: string; message: string; error: unknown };
