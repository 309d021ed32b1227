import { env } from '../env.js';
import type { ConsentState } from '../consent.js';
import { dataLayerOf, dataLayerParam, pushConsentDefaultOnce, pushConsentUpdateOnce } from '../lib/datalayer.js';
import { injectScript } from '../lib/script.js';
import type { Destination, DestinationContext, TaxonEvent } from '../types.js';

/** The bundler's `process.env.NODE_ENV` (folded in production builds); no Node types needed. */
declare const process: { env: { NODE_ENV?: string } };

/** Options of the {@link gtm} destination. */
export interface GtmOptions {
  /** The container id, `GTM-` followed by letters and digits. */
  containerId: string;
  /**
   * The dataLayer's global name; a custom name is added to the script URL as `&l=`, without
   * which gtm.js would read `window.dataLayer` and never see Taxon's pushes.
   * @default 'dataLayer'
   */
  dataLayerName?: string;
  /** CSP nonce for the gtm.js script. */
  nonce?: string;
  /**
   * Script origin, for a first-party tag gateway.
   * @default 'https://www.googletagmanager.com'
   */
  scriptOrigin?: string;
}

/** Valid GTM container ids. */
export const CONTAINER_ID = /^GTM-[A-Z0-9]{4,12}$/;

/**
 * Google Tag Manager through its dataLayer. On `start()` it pushes the consent default (as a
 * gtag `arguments` command, which is how GTM reads consent), then the `gtm.js` start event, and
 * loads gtm.js once. Events are plain objects: `{ event: name, ...params }`; page views are
 * `{ event: 'page_view', page_location, page_title, ... }`, for a GA4 event tag to forward.
 * @see https://developers.google.com/tag-platform/tag-manager/datalayer
 */
export function gtm(options: GtmOptions): Destination {
  const id = options.containerId;
  const layerName = options.dataLayerName ?? 'dataLayer';
  let started = false;
  return {
    name: `gtm:${id}`,
    start(context: DestinationContext): boolean {
      if (started) return true;
      if (!CONTAINER_ID.test(id)) {
        context.violation({
          code: 'invalid_config',
          message:
            typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
              ? `gtm(): containerId "${id}" is not a GTM container id; expected "GTM-" and 4-12 capitals or digits, e.g. "GTM-ABC1234". No script was loaded.`
              : id,
        });
        return false;
      }
      const layer = dataLayerOf(layerName);
      if (!layer) return false;
      started = true;
      pushConsentDefaultOnce(layerName, context.consentDefault());
      layer.push({ 'gtm.start': env.now(), event: 'gtm.js' });
      const origin = options.scriptOrigin ?? 'https://www.googletagmanager.com';
      const src = `${origin}/gtm.js?id=${encodeURIComponent(id)}${dataLayerParam(layerName)}`;
      injectScript(src, options.nonce, () => env.setTimer(() => context.linkerRead(), 0));
      return true;
    },
    send(event: TaxonEvent): void {
      event.params.event = event.name;
      dataLayerOf(layerName)?.push(event.params);
    },
    updateConsent(update: Partial<ConsentState>, _state: ConsentState, seq: number): void {
      pushConsentUpdateOnce(layerName, update, seq);
    },
  };
}
