import { env } from '../env.js';
import type { ConsentCommand } from '../types.js';

/** A dataLayer: an array, or the object gtag.js/gtm.js turns it into (with its own `push`). */
export type DataLayer = { push(...items: unknown[]): unknown };

/** The named dataLayer on the window, created when missing. */
export function dataLayerOf(name: string): DataLayer | undefined {
  const win = env.window() as unknown as Record<string, unknown> | undefined;
  if (!win) return undefined;
  const existing = win[name];
  if (existing && typeof (existing as DataLayer).push === 'function') return existing as DataLayer;
  const created: unknown[] = [];
  win[name] = created;
  return created;
}

/**
 * A gtag function bound to a dataLayer. gtag.js only processes `arguments` objects (a plain
 * array is ignored), so this pushes `arguments` exactly like Google's snippet does.
 */
export function gtagFor(dataLayerName: string): (...args: unknown[]) => void {
  return function gtag() {
    // eslint-disable-next-line prefer-rest-params
    dataLayerOf(dataLayerName)?.push(arguments);
  };
}

/** Script URL parameter for a dataLayer that is not `dataLayer` (third-party-capital #55). */
export function dataLayerParam(name: string): string {
  return name === 'dataLayer' ? '' : `&l=${encodeURIComponent(name)}`;
}

const consentDefaults = new WeakSet<object>();
const consentUpdates = new WeakMap<object, number>();

/**
 * Pushes the consent default commands once per dataLayer, however many destinations share it:
 * Consent Mode requires the default before `js`/`config` and only the first one counts.
 */
export function pushConsentDefaultOnce(layerName: string, commands: readonly ConsentCommand[]): void {
  const layer = dataLayerOf(layerName);
  if (!layer || consentDefaults.has(layer)) return;
  consentDefaults.add(layer);
  const gtag = gtagFor(layerName);
  for (const { command, state } of commands) gtag('consent', command, state);
}

/** Pushes a consent update once per dataLayer for the tracker's update number `seq`. */
export function pushConsentUpdateOnce(layerName: string, update: Record<string, unknown>, seq: number): void {
  const layer = dataLayerOf(layerName);
  if (!layer || consentUpdates.get(layer) === seq) return;
  consentUpdates.set(layer, seq);
  gtagFor(layerName)('consent', 'update', update);
}
