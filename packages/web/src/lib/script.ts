import { env } from '../env.js';

/**
 * Appends an async script once per document: a second call with the same `src` (another
 * tracker, a StrictMode re-run) finds the first element and returns it.
 */
export function injectScript(src: string, nonce: string | undefined, onLoad?: () => void): HTMLScriptElement | undefined {
  const doc = env.document();
  if (!doc) return undefined;
  for (const existing of Array.from(doc.scripts)) {
    if (existing.getAttribute('src') === src) return existing;
  }
  const script = doc.createElement('script');
  script.async = true;
  script.src = src;
  if (nonce) script.nonce = nonce;
  if (onLoad) script.addEventListener('load', onLoad, { once: true });
  (doc.head ?? doc.documentElement).appendChild(script);
  return script;
}
