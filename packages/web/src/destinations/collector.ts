import { createTransport, type RetryOptions, type TransportResponse } from '@taxon/core';
import { env } from '../env.js';
import {
  clientIdFromCookie,
  deleteCookie,
  readCookie,
  sessionCookieName,
  sessionFromCookie,
  writeCookie,
} from '../lib/ga-cookies.js';
import type { ConsentState } from '../consent.js';
import type { AnalyticsIds, Destination, DestinationContext, TaxonEvent } from '../types.js';

/** Options of the {@link collector} destination. */
export interface CollectorOptions {
  /** Base URL of a Measurement Protocol endpoint (the Taxon collector), without `/mp/collect`. */
  endpoint: string;
  /**
   * Measurement id sent as `measurement_id` and used for the `_ga_<id>` session cookie name.
   * @default 'G-TAXONDEV'
   */
  measurementId?: string;
  /**
   * Milliseconds events wait to be batched before a POST.
   * @default 250
   */
  flushIntervalMs?: number;
  /**
   * Events per request (the Measurement Protocol accepts at most 25).
   * @default 25
   */
  maxBatch?: number;
  /**
   * Retries of a batch the collector did not acknowledge (network error, 408, 429, 5xx), with
   * exponential backoff and jitter; `Retry-After` is honoured.
   * @default { maxAttempts: 3 }
   */
  retry?: RetryOptions;
  /** The signed-in user's id, read at send time (`user_id`); never an email. */
  userId?: () => string | undefined;
  /** Cookie domain for `_ga`/`_ga_<id>` (e.g. `.example.com` to share with subdomains). */
  cookieDomain?: string;
  /**
   * Minutes of inactivity after which a new session starts.
   * @default 30
   */
  sessionTimeoutMinutes?: number;
}

/** One event as the transport holds it: its params already serialised, so size is known. */
interface Item {
  name: string;
  time: number;
  /** The params as JSON, without `session_id` (added per request). */
  params: string;
  /** UTF-8 bytes of the event in a request body. */
  bytes: number;
}

const randomInt = () => Math.floor(Math.random() * 2147483647);

/**
 * Browsers refuse a `keepalive` fetch once the keepalive requests in flight exceed 64 KiB
 * together (and cap their number); Sentry's browser transport keeps under it the same way.
 */
const KEEPALIVE_BYTES = 60_000;
const KEEPALIVE_REQUESTS = 15;
const MAX_BODY_BYTES = 120_000;

const utf8 = (text: string) => new TextEncoder().encode(text).length;

/**
 * Posts Measurement Protocol batches (`{ client_id, user_id?, events: [{ name, timestamp_micros, params }] }` to
 * `${endpoint}/mp/collect?measurement_id=...`) through `@taxon/core`'s transport: batches of at
 * most 25 events and 120,000 bytes, retried on network errors, 408, 429 and 5xx, every event given
 * up counted with a typed reason. `fetch` uses `keepalive` while the keepalive requests in flight
 * fit the browser's 64 KiB budget, and `navigator.sendBeacon` is used when the page is hidden. An
 * event whose params JSON cannot hold (a BigInt, a throwing `toJSON`) is dropped alone
 * (`invalid_event`). Every event carries `session_id`,
 * `engagement_time_msec` and `page_location` so the hit joins a session.
 *
 * Needs `analytics_storage`: while it is denied the tracker drops events for this destination
 * (`consent_denied`) and no cookie is written. When it is revoked, queued events are dropped
 * (`consent_denied`) and the `_ga`/`_ga_<id>` cookies are deleted (gtag's too, as they are the
 * same cookies), so a later grant starts a new client id. Once granted, the client and session ids come
 * from the `_ga`/`_ga_<id>` cookies (shared with gtag when both run) or are created in the same
 * formats, so `getAnalyticsIds()` reads the same ids either way.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/reference
 */
export function collector(options: CollectorOptions): Destination {
  const measurementId = options.measurementId ?? 'G-TAXONDEV';
  const url = `${options.endpoint.replace(/\/+$/, '')}/mp/collect?measurement_id=${encodeURIComponent(measurementId)}`;
  const maxBatch = Math.min(options.maxBatch ?? 25, 25);
  let context: DestinationContext | undefined;
  /** Events waiting for the batching interval, before they are handed to the transport. */
  let buffer: Item[] = [];
  let cancelTimer: (() => void) | undefined;
  let lastActivity = env.now();
  /** The page is being hidden: requests go by `sendBeacon`. */
  let hiding = false;
  let keepaliveBytes = 0;
  let keepaliveRequests = 0;

  const ids = (): { clientId: string; sessionId: string } => {
    const nowSec = Math.floor(env.now() / 1000);
    let clientId = clientIdFromCookie(readCookie('_ga')) ?? context?.incomingIds.clientId;
    if (!clientId) clientId = `${randomInt()}.${nowSec}`;
    writeCookie('_ga', `GA1.1.${clientId}`, options.cookieDomain);
    const cookieName = sessionCookieName(measurementId);
    const session = sessionFromCookie(readCookie(cookieName));
    const timeout = (options.sessionTimeoutMinutes ?? 30) * 60;
    let sessionId = session && nowSec - session.lastSeen < timeout ? session.sessionId : undefined;
    let count = session?.count ?? 0;
    if (!sessionId) {
      sessionId = session ? String(nowSec) : (context?.incomingIds.sessionId ?? String(nowSec));
      count++;
    }
    writeCookie(cookieName, `GS2.1.s${sessionId}$o${count}$g1$t${nowSec}$j0$l0$h0`, options.cookieDomain);
    return { clientId, sessionId };
  };

  const request = async (batch: readonly Item[]): Promise<TransportResponse> => {
    const { clientId, sessionId } = ids();
    const userId = options.userId?.();
    const session = `"session_id":${JSON.stringify(sessionId)}`;
    // Each event keeps the time it was tracked: a batch waits up to flushIntervalMs, and the
    // collector times funnel steps by it. `session_id` goes last, so a param of that name the
    // event set itself wins, as with a spread.
    const events = batch.map(
      (e) =>
        `{"name":${JSON.stringify(e.name)},"timestamp_micros":${Math.floor(e.time) * 1000},"params":${
          e.params === '{}' ? `{${session}}` : `${e.params.slice(0, -1)},${session}}`
        }}`,
    );
    const body = `{"client_id":${JSON.stringify(clientId)},${userId ? `"user_id":${JSON.stringify(userId)},` : ''}"events":[${events.join(',')}]}`;
    const win = env.window();
    const nav = win?.navigator;
    if (hiding && nav && typeof nav.sendBeacon === 'function' && nav.sendBeacon(url, body)) return { status: 204 };
    const fetchFn = win?.fetch ?? globalThis.fetch;
    if (typeof fetchFn !== 'function') throw new Error('no fetch in this environment');
    const size = utf8(body);
    // keepalive lets a request outlive the page, but only within the browser's budget; a body
    // beyond it would make the fetch fail outright.
    const keepalive = keepaliveBytes + size <= KEEPALIVE_BYTES && keepaliveRequests < KEEPALIVE_REQUESTS;
    if (keepalive) {
      keepaliveBytes += size;
      keepaliveRequests++;
    }
    try {
      const response = await fetchFn(url, { method: 'POST', body, keepalive });
      return { status: response.status, retryAfter: response.headers?.get('retry-after') };
    } finally {
      if (keepalive) {
        keepaliveBytes -= size;
        keepaliveRequests--;
      }
    }
  };

  const transport = createTransport<Item>({
    makeRequest: request,
    maxBatch,
    // Under the Measurement Protocol's 130 kB body limit; keepalive is decided per request.
    maxBatchBytes: MAX_BODY_BYTES,
    sizeOf: (item) => item.bytes,
    // One request at a time: the collector stores events in the order they were tracked.
    concurrency: 1,
    retry: options.retry ?? { maxAttempts: 3 },
    budgetMs: 15_000,
    onDrop: (items, reason, detail) => {
      for (const item of items) context?.drop(reason, item.name, `collector: ${detail}`);
    },
    clock: { now: () => env.now(), sleep: (ms) => new Promise<void>((resolve) => env.setTimer(resolve, ms)) },
  });

  const flushNow = (beacon: boolean): Promise<void> => {
    cancelTimer?.();
    cancelTimer = undefined;
    if (beacon) hiding = true;
    // Added in one tick, the buffered events share requests (the transport batches them).
    for (const item of buffer.splice(0)) transport.add(item);
    return transport.flush().then(() => {
      if (beacon) hiding = false;
    });
  };

  return {
    name: `collector:${options.endpoint}`,
    requiresConsent: ['analytics_storage'],
    start(ctx: DestinationContext): boolean {
      context = ctx;
      return true;
    },
    send(event: TaxonEvent): void {
      const now = env.now();
      const params = event.params;
      hiding = false;
      params.engagement_time_msec = Math.max(1, Math.min(now - lastActivity, 1_800_000));
      lastActivity = now;
      if (params.page_location === undefined) {
        const location = context?.pageLocation();
        if (location) params.page_location = location;
      }
      let json: string;
      try {
        // Serialised now, in the caller's call: a value JSON cannot hold (a BigInt, a throwing
        // toJSON, a cycle) costs this event only, never the batch it would have joined.
        json = JSON.stringify(params);
      } catch (error) {
        context?.drop('invalid_event', event.name, `collector: params cannot be serialised to JSON (${error instanceof Error ? error.message : String(error)})`);
        return;
      }
      const item: Item = { name: event.name, time: event.time, params: json, bytes: 0 };
      item.bytes = utf8(json) + utf8(event.name) + 64;
      buffer.push(item);
      if (buffer.length >= maxBatch) void flushNow(false);
      else cancelTimer ??= env.setTimer(() => void flushNow(false), options.flushIntervalMs ?? 250);
    },
    flush: (beacon) => flushNow(beacon),
    updateConsent(update: Partial<ConsentState>): void {
      if (update.analytics_storage !== 'denied') return;
      // Revoked: what was queued under the old consent is not sent, and the ids stop existing.
      cancelTimer?.();
      cancelTimer = undefined;
      for (const e of buffer.splice(0)) context?.drop('consent_denied', e.name, 'analytics_storage revoked before delivery');
      deleteCookie('_ga', options.cookieDomain);
      deleteCookie(sessionCookieName(measurementId), options.cookieDomain);
    },
    async getAnalyticsIds(): Promise<AnalyticsIds> {
      return this.peekAnalyticsIds!();
    },
    peekAnalyticsIds(): AnalyticsIds {
      const out: AnalyticsIds = {};
      const clientId = clientIdFromCookie(readCookie('_ga'));
      const session = sessionFromCookie(readCookie(sessionCookieName(measurementId)));
      if (clientId) out.clientId = clientId;
      if (session) out.sessionId = session.sessionId;
      return out;
    },
    shutdown(): void {
      cancelTimer?.();
      cancelTimer = undefined;
    },
    pending: () => buffer.length + transport.pending(),
  };
}
