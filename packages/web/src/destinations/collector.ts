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

interface Pending {
  name: string;
  params: Record<string, unknown>;
  time: number;
}

const randomInt = () => Math.floor(Math.random() * 2147483647);

/**
 * Posts Measurement Protocol batches (`{ client_id, user_id?, events: [{ name, timestamp_micros, params }] }` to
 * `${endpoint}/mp/collect?measurement_id=...`) with `fetch(..., { keepalive: true })`, and with
 * `navigator.sendBeacon` when the page is hidden. Every event carries `session_id`,
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
  let queue: Pending[] = [];
  let cancelTimer: (() => void) | undefined;
  let lastActivity = env.now();
  const inFlight = new Set<Promise<void>>();

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

  const post = (batch: Pending[], beacon: boolean): Promise<void> => {
    const { clientId, sessionId } = ids();
    const userId = options.userId?.();
    const body = JSON.stringify({
      client_id: clientId,
      ...(userId ? { user_id: userId } : {}),
      // Each event keeps the time it was tracked: a batch waits up to flushIntervalMs, and the
      // collector times funnel steps by it.
      events: batch.map((e) => ({
        name: e.name,
        timestamp_micros: Math.floor(e.time) * 1000,
        params: { ...e.params, session_id: sessionId },
      })),
    });
    const nav = env.window()?.navigator;
    if (beacon && nav && typeof nav.sendBeacon === 'function' && nav.sendBeacon(url, body)) {
      return Promise.resolve();
    }
    const fetchFn = env.window()?.fetch ?? globalThis.fetch;
    const lost = (detail: string) => {
      for (const e of batch) context?.drop('network_error', e.name, detail);
    };
    if (typeof fetchFn !== 'function') {
      lost('no fetch in this environment');
      return Promise.resolve();
    }
    return fetchFn(url, { method: 'POST', body, keepalive: true })
      .then((res) => {
        if (!res.ok) lost(`collector answered HTTP ${res.status}`);
      })
      .catch((error: unknown) => lost(`collector request failed: ${String(error)}`));
  };

  const flushNow = (beacon: boolean): Promise<void> => {
    cancelTimer?.();
    cancelTimer = undefined;
    const sends: Promise<void>[] = [];
    while (queue.length > 0) sends.push(post(queue.splice(0, maxBatch), beacon));
    for (const send of sends) {
      inFlight.add(send);
      void send.finally(() => inFlight.delete(send));
    }
    return Promise.all([...inFlight]).then(() => undefined);
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
      params.engagement_time_msec = Math.max(1, Math.min(now - lastActivity, 1_800_000));
      lastActivity = now;
      if (params.page_location === undefined) {
        const location = context?.pageLocation();
        if (location) params.page_location = location;
      }
      queue.push({ name: event.name, params, time: event.time });
      if (queue.length >= maxBatch) void flushNow(false);
      else cancelTimer ??= env.setTimer(() => void flushNow(false), options.flushIntervalMs ?? 250);
    },
    flush: (beacon) => flushNow(beacon),
    updateConsent(update: Partial<ConsentState>): void {
      if (update.analytics_storage !== 'denied') return;
      // Revoked: what was queued under the old consent is not sent, and the ids stop existing.
      cancelTimer?.();
      cancelTimer = undefined;
      for (const e of queue.splice(0)) context?.drop('consent_denied', e.name, 'analytics_storage revoked before delivery');
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
  };
}
