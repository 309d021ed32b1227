import { DEFAULT_STRIPPED_PARAMS } from '@taxon/core';
import { env } from './env.js';
import { appendParams, readParam, removeParams } from './lib/url.js';
import type { AnalyticsIds, Destination } from './types.js';

const LINKER_PARAMS: ReadonlySet<string> = new Set(DEFAULT_STRIPPED_PARAMS);

/**
 * Removes linker params (`_gl`, `_ga`, `_glc`, `tx_cid`, `tx_sid`) from the address bar with
 * `history.replaceState`, keeping the router's state object. Call it only after the tag has read
 * them.
 */
export function stripLinkerParams(): void {
  const win = env.window();
  if (!win) return;
  const href = win.location.href;
  const clean = removeParams(href, LINKER_PARAMS);
  if (clean !== href) win.history.replaceState(win.history.state, '', clean);
}

/** The `tx_cid`/`tx_sid` ids another Taxon page put on this page's URL, when well-formed. */
export function readIncomingIds(): AnalyticsIds {
  const href = env.window()?.location.href ?? '';
  const ids: AnalyticsIds = {};
  const clientId = readParam(href, 'tx_cid');
  const sessionId = readParam(href, 'tx_sid');
  if (clientId && /^\d{1,12}\.\d{1,12}$/.test(clientId)) ids.clientId = clientId;
  if (sessionId && /^\d{1,12}$/.test(sessionId)) ids.sessionId = sessionId;
  return ids;
}

/** Client and session ids from the first destinations that know them. Never rejects. */
export async function collectAnalyticsIds(destinations: readonly Destination[]): Promise<AnalyticsIds> {
  const ids: AnalyticsIds = {};
  for (const destination of destinations) {
    try {
      const found = (await destination.getAnalyticsIds?.()) ?? {};
      if (!ids.clientId && found.clientId) ids.clientId = found.clientId;
      if (!ids.sessionId && found.sessionId) ids.sessionId = found.sessionId;
    } catch {
      // Fall through to the next destination.
    }
    if (ids.clientId && ids.sessionId) break;
  }
  return ids;
}

/**
 * `url` with `tx_cid` (client id) and `tx_sid` (session id) for a Taxon page on another domain;
 * stale ones are replaced. Only http(s) URLs are decorated.
 */
export function decorateWithIds(url: string, destinations: readonly Destination[]): string {
  if (!/^https?:\/\//i.test(url)) return url;
  const ids: AnalyticsIds = {};
  for (const destination of destinations) {
    const found = destination.peekAnalyticsIds?.() ?? {};
    if (!ids.clientId && found.clientId) ids.clientId = found.clientId;
    if (!ids.sessionId && found.sessionId) ids.sessionId = found.sessionId;
  }
  const params: Record<string, string> = {};
  if (ids.clientId) params.tx_cid = ids.clientId;
  if (ids.sessionId) params.tx_sid = ids.sessionId;
  return appendParams(removeParams(url, LINKER_PARAMS), params);
}
