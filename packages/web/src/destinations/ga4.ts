import { env } from '../env.js';
import type { ConsentState } from '../consent.js';
import { dataLayerOf, dataLayerParam, gtagFor, pushConsentDefaultOnce, pushConsentUpdateOnce } from '../lib/datalayer.js';
import { idsFromCookies } from '../lib/ga-cookies.js';
import { injectScript } from '../lib/script.js';
import type { AnalyticsIds, Destination, DestinationContext, TaxonEvent } from '../types.js';

/** The bundler's `process.env.NODE_ENV` (folded in production builds); no Node types needed. */
declare const process: { env: { NODE_ENV?: string } };

/** Options of the {@link ga4} destination. */
export interface Ga4Options {
  /** The GA4 measurement id, `G-` followed by letters and digits. */
  measurementId: string;
  /** CSP nonce for the gtag.js script. */
  nonce?: string;
  /**
   * The dataLayer's global name; a custom name is passed to the script as `&l=`.
   * @default 'dataLayer'
   */
  dataLayerName?: string;
  /**
   * Extra `gtag('config')` fields (e.g. `cookie_domain`, `debug_mode`). Taxon always sets
   * `send_page_view: false` (it sends page views itself) and `linker` from the tracker options.
   */
  config?: Record<string, unknown>;
  /**
   * Script origin, for a first-party tag gateway.
   * @default 'https://www.googletagmanager.com'
   */
  scriptOrigin?: string;
  /**
   * How long `getAnalyticsIds()` waits for gtag before falling back to cookies.
   * @default 1000
   */
  idTimeoutMs?: number;
}

/** Valid GA4 measurement ids. */
export const MEASUREMENT_ID = /^G-[A-Z0-9]{4,16}$/;

/**
 * GA4 through gtag.js. On `start()` it pushes, in order: `consent default` (once per
 * dataLayer), `js`, `config` with `send_page_view: false` and the linker; then loads gtag.js
 * once. Events go out as `gtag('event', name, { ...params, send_to })`.
 *
 * Enhanced measurement: `send_page_view: false` does not stop GA4's own history-change page
 * views. Turn off "Page changes based on browser history events" in the web data stream's
 * enhanced measurement settings (there is no gtag switch for it), or every route change counts
 * twice.
 *
 * Consent: gtag receives every event whatever the consent state; Consent Mode decides what GA
 * stores (cookieless pings while `analytics_storage` is denied). That is GA's contract, and why
 * this destination does not set `requiresConsent`.
 * @see https://developers.google.com/tag-platform/gtagjs/reference
 */
export function ga4(options: Ga4Options): Destination {
  const id = options.measurementId;
  const layerName = options.dataLayerName ?? 'dataLayer';
  const gtag = gtagFor(layerName);
  let started = false;

  const isLoaded = () => {
    const gtm = (env.window() as unknown as { google_tag_manager?: Record<string, unknown> })?.google_tag_manager;
    return Boolean(gtm?.[id]);
  };

  const get = (field: 'client_id' | 'session_id') =>
    new Promise<string | undefined>((resolve) => {
      const cancel = env.setTimer(() => resolve(undefined), options.idTimeoutMs ?? 1000);
      gtag('get', id, field, (value: unknown) => {
        cancel();
        resolve(value === undefined || value === null ? undefined : String(value));
      });
    });

  return {
    name: `ga4:${id}`,
    start(context: DestinationContext): boolean {
      if (started) return true;
      if (!MEASUREMENT_ID.test(id)) {
        context.violation({
          code: 'invalid_config',
          message:
            typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
              ? `ga4(): measurementId "${id}" is not a GA4 measurement id; expected "G-" and 4-16 capitals or digits, e.g. "G-ABC123XYZ". No script was loaded.`
              : id,
        });
        return false;
      }
      const win = env.window() as unknown as Record<string, unknown> | undefined;
      const layer = dataLayerOf(layerName);
      if (!win || !layer) return false;
      started = true;
      if (layerName === 'dataLayer' && typeof win.gtag !== 'function') win.gtag = gtag;
      pushConsentDefaultOnce(layerName, context.consentDefault());
      gtag('js', new Date(env.now()));
      const linker = context.linker;
      const config: Record<string, unknown> = { ...options.config, send_page_view: false };
      if (linker) {
        config.linker = {
          domains: [...linker.domains],
          accept_incoming: linker.acceptIncoming ?? true,
          decorate_forms: linker.decorateForms ?? false,
        };
      }
      if (context.incomingIds.clientId) config.client_id = context.incomingIds.clientId;
      gtag('config', id, config);
      const origin = options.scriptOrigin ?? 'https://www.googletagmanager.com';
      const src = `${origin}/gtag/js?id=${encodeURIComponent(id)}${dataLayerParam(layerName)}`;
      // gtag.js reads `_gl` while processing `config` after it loads; strip the URL only then.
      injectScript(src, options.nonce, () => env.setTimer(() => context.linkerRead(), 0));
      return true;
    },
    send(event: TaxonEvent): void {
      event.params.send_to = id;
      gtag('event', event.name, event.params);
    },
    updateConsent(update: Partial<ConsentState>, _state: ConsentState, seq: number): void {
      pushConsentUpdateOnce(layerName, update, seq);
    },
    async getAnalyticsIds(): Promise<AnalyticsIds> {
      const cookies = idsFromCookies(id);
      if (!started || !isLoaded()) return cookies;
      const [clientId, sessionId] = await Promise.all([get('client_id'), get('session_id')]);
      const ids: AnalyticsIds = { ...cookies };
      if (clientId) ids.clientId = clientId;
      if (sessionId) ids.sessionId = sessionId;
      return ids;
    },
    peekAnalyticsIds: () => idsFromCookies(id),
  };
}
