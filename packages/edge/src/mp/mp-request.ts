import type { TransportResponse } from '@taxon/core';
import { utf8Length } from './lib/utf8-length.js';
import type { MpEvent } from './types.js';

/** One event waiting in the transport queue, serialized once when it is sent. */
export interface QueuedEvent {
  /** Event name, for drop reports. */
  name: string;
  /** Dedupe key. */
  key: string;
  /** The request head up to the events array: `{"client_id":...,"user_id":...,"events":[`. */
  head: string;
  /** The event as JSON. */
  json: string;
  /** UTF-8 bytes of `json` plus its separating comma. */
  bytes: number;
}

/**
 * Serializes an event for the queue; events with the same `head` may share a request. `heads`
 * caches request heads per user (one per client, so clients share no state).
 */
export function queueEvent(
  heads: Map<string, string>,
  event: MpEvent,
  clientId: string,
  userId: string | undefined,
  key: string,
): QueuedEvent {
  const cacheKey = userId === undefined ? clientId : `${clientId}\u0000${userId}`;
  let head = heads.get(cacheKey);
  if (head === undefined) {
    head =
      `{"client_id":${JSON.stringify(clientId)}` +
      (userId === undefined ? '' : `,"user_id":${JSON.stringify(userId)}`) +
      ',"events":[';
    // Bounded: a busy server sees many users; the cache only saves work for bursts of one user.
    if (heads.size >= 1000) heads.clear();
    heads.set(cacheKey, head);
  }
  const json = JSON.stringify(event);
  return { name: event.name, key, head, json, bytes: utf8Length(json) + 1 };
}

/** The JSON body of one request: the shared head and the events. */
export function requestBody(batch: readonly QueuedEvent[]): string {
  let body = (batch[0] as QueuedEvent).head;
  for (let i = 0; i < batch.length; i++) body += (i === 0 ? '' : ',') + (batch[i] as QueuedEvent).json;
  return `${body}]}`;
}

/** `<baseUrl>/<path>?measurement_id=...&api_secret=...`. */
export function collectUrl(baseUrl: string, path: string, measurementId: string, apiSecret: string): string {
  return (
    `${baseUrl.replace(/\/+$/, '')}${path}?measurement_id=${encodeURIComponent(measurementId)}` +
    `&api_secret=${encodeURIComponent(apiSecret)}`
  );
}

/**
 * POSTs a body with a time limit and reports status and `Retry-After`. The response body is read
 * so the connection can be reused. Network failures reject (the transport retries them); the
 * error never includes the URL, which holds the API secret.
 */
export async function postBody(
  fetchFn: typeof fetch,
  url: string,
  body: string,
  timeoutMs: number,
): Promise<TransportResponse> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    // No `cause`: the underlying error may carry the URL, which holds the API secret.
    const message = name === 'TimeoutError' ? `no response within ${timeoutMs} ms` : `fetch failed (${name})`;
    throw new Error(message);
  }
  try {
    await response.arrayBuffer();
  } catch {
    // The status is what matters; a body cut short after it does not change it.
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}
