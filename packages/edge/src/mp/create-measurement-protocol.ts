import { createTransport, emptyDropCounts, IDENTIFIER_PARAMS, isDevelopment, MP_LIMITS, validateMp, type DropReason } from '@taxon/core';
import { buildEvent, type BuildContext, type BuildResult } from './build-event.js';
import { checkIds, userIdProblem } from './check-ids.js';
import { checkConfig } from './check-config.js';
import { createDedupeKeys, deriveDedupeKey } from './dedupe-keys.js';
import { collectUrl, postBody, queueEvent, requestBody, type QueuedEvent } from './mp-request.js';
import { createServerWireParams } from './wire-params.js';
import { guardMetrics } from '../telemetry/guard-metrics.js';
import type {
  MeasurementProtocolClient,
  MeasurementProtocolIds,
  MeasurementProtocolOptions,
  MpPayload,
  PurchaseParams,
  SendOptions,
  ValidationMessage,
} from './types.js';

const DEFAULT_BASE_URL = 'https://www.google-analytics.com';
/** Bytes kept free in each body for `client_id`, `user_id` and the JSON around the events. */
const HEADER_RESERVE_BYTES = 4096;

/**
 * Creates a GA4 Measurement Protocol client for server-confirmed events (payment webhooks, AI
 * call outcomes), typed by the generated `EventMap` (`M`) and limited to server events (`S`, the
 * generated `ServerEventName`):
 *
 * ```ts
 * const mp = createMeasurementProtocol<EventMap, ServerEventName>({
 *   measurementId: 'G-XXXXXXXXXX', apiSecret: process.env.GA_API_SECRET!,
 *   taxonomy: { events: eventDefinitions, buckets: bucketSources, enums: enumValues },
 * });
 * const ids = { clientId, sessionId }; // from the browser, with the request
 * mp.send('generation_completed', { feature, model, tokens, duration_ms, success: true }, ids);
 * await mp.flush(); // or waitUntil(mp.flush())
 * ```
 *
 * Events are batched (25 per request, under 130 kB), retried with backoff on network errors,
 * 408, 429 and 5xx, and every event not delivered is counted with a reason. Never throws in
 * production; in development misuse throws a `TypeError`.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4
 */
export function createMeasurementProtocol<
  M = Record<string, Record<string, unknown>>,
  S extends keyof M & string = keyof M & string,
>(options: MeasurementProtocolOptions): MeasurementProtocolClient<M, S> {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.clock?.now ?? (() => Date.now());
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const counts = emptyDropCounts();
  const dedupe = createDedupeKeys(options.dedupeWindow ?? 10_000);
  const configProblem = checkConfig(options);
  const scrub = { identifiers: options.identifierParams ? new Set(options.identifierParams) : IDENTIFIER_PARAMS };
  const context: BuildContext = {
    now: 0,
    wireParams: configProblem ? () => ({ ok: false, reason: 'invalid_event', detail: configProblem }) : createServerWireParams(options.taxonomy, scrub),
    scrub,
    debug: options.debug === true,
  };
  if (configProblem && isDevelopment()) throw new TypeError(configProblem);
  const url = collectUrl(baseUrl, '/mp/collect', options.measurementId, options.apiSecret);
  const heads = new Map<string, string>();
  const metrics = guardMetrics(options.metrics);
  let delivered = 0;

  function report(reason: DropReason, event: string, detail: string, dedupeKey?: string): void {
    counts[reason]++;
    if (metrics) {
      metrics.add('mpDrops', 1, { reason });
      // A deduplicated re-send (the same purchase twice) is the client working, not an event
      // GA4 lost: it stays out of the delivery outcomes the drop-rate alert divides.
      if (reason !== 'duplicate') metrics.add('mpEvents', 1, { outcome: 'dropped' });
    }
    try {
      options.onDrop?.({ reason, event, detail, ...(dedupeKey === undefined ? {} : { dedupeKey }) });
    } catch {
      // A throwing hook must not break the caller's request.
    }
  }

  const transport = createTransport<QueuedEvent>({
    makeRequest: (batch) => postBody(fetchFn, url, requestBody(batch), timeoutMs),
    maxQueue: options.maxQueue ?? 1000,
    maxBatch: Math.min(MP_LIMITS.eventsPerRequest, options.maxBatch ?? MP_LIMITS.eventsPerRequest),
    maxBatchBytes: MP_LIMITS.maxBodyBytes - HEADER_RESERVE_BYTES,
    sizeOf: (item) => item.bytes,
    groupOf: (item) => item.head,
    ...(options.retry ? { retry: options.retry } : {}),
    budgetMs: options.budgetMs ?? 30_000,
    concurrency: options.concurrency ?? 2,
    ...(options.clock ? { clock: options.clock } : {}),
    onDeliver: (items, attempts) => {
      delivered += items.length;
      metrics?.add('mpEvents', items.length, { outcome: attempts > 1 ? 'retried' : 'sent' });
    },
    ...(metrics && { onPendingChange: (pending: number) => metrics.set('mpQueueSize', pending, {}) }),
    onDrop: (items, reason, detail) => {
      for (const item of items) {
        dedupe.release(item.key);
        report(reason, item.name, detail, item.key);
      }
    },
  });

  function build(
    name: string,
    params: unknown,
    ids: MeasurementProtocolIds,
    purchase: boolean,
    key?: string,
  ): BuildResult {
    if (configProblem) return { ok: false, reason: 'invalid_event', detail: configProblem };
    const where = `${purchase ? 'sendPurchase' : 'send'}('${name}')`;
    const idProblem = checkIds(where, ids);
    if (idProblem) return { ok: false, reason: 'invalid_event', detail: idProblem };
    const piiProblem = userIdProblem(where, ids.userId);
    if (piiProblem) return { ok: false, reason: 'pii_blocked', detail: piiProblem };
    const dedupeParam = options.dedupeParam;
    context.now = now();
    return buildEvent(name, params as Record<string, unknown>, ids, context, {
      purchase,
      ...(dedupeParam && key !== undefined ? { dedupe: { param: dedupeParam, key } } : {}),
    });
  }

  function enqueue(
    name: string,
    params: unknown,
    ids: MeasurementProtocolIds,
    purchase: boolean,
    sendOptions: SendOptions | undefined,
  ): void {
    try {
      const key = sendOptions?.dedupeKey ?? deriveDedupeKey(name, params);
      const result = build(name, params, ids, purchase, key);
      if (!result.ok) {
        // Misuse is loud in development; data conditions (limits, old timestamps) are only counted.
        if ((result.reason === 'invalid_event' || result.reason === 'pii_blocked') && isDevelopment()) {
          throw new TypeError(result.detail);
        }
        report(result.reason, name, result.detail, key);
        return;
      }
      if (!dedupe.accept(key)) {
        report('duplicate', name, `an event with dedupe key "${key}" was already accepted`, key);
        return;
      }
      transport.add(queueEvent(heads, result.event, ids.clientId, ids.userId, key));
    } catch (error) {
      if (error instanceof TypeError && isDevelopment()) throw error;
      const message = error instanceof Error ? error.message : String(error);
      report('invalid_event', name, `could not be queued: ${message}`);
    }
  }

  return {
    send(name, params, ids, sendOptions) {
      enqueue(name, params, ids, false, sendOptions);
    },
    sendPurchase(params, ids, sendOptions) {
      enqueue('purchase', params as PurchaseParams, ids, true, sendOptions);
    },
    async flush() {
      await transport.flush();
      const dropped = Object.values(counts).reduce((sum, n) => sum + n, 0);
      return { delivered, dropped, dropCounts: { ...counts } };
    },
    validate(payload: MpPayload): Promise<ValidationMessage[]> {
      const debugUrl = collectUrl(baseUrl, '/debug/mp/collect', options.measurementId, options.apiSecret);
      return validateMp(debugUrl, payload, { fetch: fetchFn, timeoutMs });
    },
    payloadFor(name, params, ids) {
      const result = build(name, params, ids, false);
      if (!result.ok) throw new TypeError(`payloadFor('${name}'): ${result.detail}`);
      return {
        client_id: ids.clientId,
        ...(ids.userId === undefined ? {} : { user_id: ids.userId }),
        events: [result.event],
      };
    },
    dropCounts() {
      return { ...counts };
    },
  };
}
