import { DEFAULT_STRIPPED_PARAMS } from '@taxon/core';
import { env } from './env.js';
import { SETUP, type TrackerFeature } from './feature.js';
import { appendParams, readParam, removeParams } from './lib/url.js';
import type { AnalyticsIds, Destination, LinkerOptions } from './types.js';

/**
 * Cross-domain linking, opted into with `createTracker({ features: [crossDomain(...)] })`:
 * - incoming: the `tx_cid`/`tx_sid` ids another Taxon page put on this page's URL become the
 *   GA4 client id (unless `acceptIncoming: false`), and linker params (`_gl`, `_ga`, `_glc`,
 *   `tx_cid`, `tx_sid`) leave the address bar once the tag has read them;
 * - outgoing: `tracker.decorateUrl(url)` adds this visitor's ids for a Taxon page on another
 *   domain; with `domains`, gtag decorates links (and forms with `decorateForms`) with `_gl`.
 * Without it the tracker reads no incoming ids, leaves the address bar alone (page URLs sent to
 * destinations are stripped of linker params either way) and `decorateUrl` is a violation.
 *
 * @param options gtag's `linker` settings; omit them for Taxon's own `tx_cid`/`tx_sid` only.
 * @see https://developers.google.com/tag-platform/gtagjs/reference#linker
 */
export function crossDomain(options?: LinkerOptions): TrackerFeature {
  return {
    name: 'crossDomain',
    [SETUP]: (host) => ({
      linking: {
        linker: options,
        incomingIds: () => (options?.acceptIncoming !== false ? readIncomingIds() : {}),
        read: stripLinkerParams,
        decorate(url: string): string {
          try {
            return host.consent().analytics_storage === 'granted' ? decorateWithIds(url, host.destinations()) : url;
          } catch {
            return url;
          }
        },
      },
    }),
  };
}

const LINKER_PARAMS: ReadonlySet<string> = /* @__PURE__ */ new Set(DEFAULT_STRIPPED_PARAMS);

/**
 * Removes linker params (`_gl`, `_ga`, `_glc`, `tx_cid`, `tx_sid`) from the address bar with
 * `history.replaceState`, keeping the router's state object. Call it only after the tag has read
 * them.
 */
function stripLinkerParams(): void {
  const win = env.window();
  if (!win) return;
  const href = win.location.href;
  const clean = removeParams(href, LINKER_PARAMS);
  if (clean !== href) win.history.replaceState(win.history.state, '', clean);
}

/** The `tx_cid`/`tx_sid` ids another Taxon page put on this page's URL, when well-formed. */
function readIncomingIds(): AnalyticsIds {
  const href = env.window()?.location.href ?? '';
  const ids: AnalyticsIds = {};
  const clientId = readParam(href, 'tx_cid');
  const sessionId = readParam(href, 'tx_sid');
  if (clientId && /^\d{1,12}\.\d{1,12}$/.test(clientId)) ids.clientId = clientId;
  if (sessionId && /^\d{1,12}$/.test(sessionId)) ids.sessionId = sessionId;
  return ids;
}

/**
 * `url` with `tx_cid` (client id) and `tx_sid` (session id) for a Taxon page on another domain;
 * stale ones are replaced. Only http(s) URLs are decorated.
 */
function decorateWithIds(url: string, destinations: readonly Destination[]): string {
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
