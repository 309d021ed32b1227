import { scrubDeep, scrubParam, URL_PARAMS } from '../lib/scrub-param.js';
import type { Plugin } from '../types.js';

/** Options of the {@link scrubbing} plugin. */
export interface ScrubbingOptions {
  /** Enum params and their literals: a value proven to be one of them is not scanned. */
  enums?: Readonly<Record<string, readonly string[]>>;
  /** Scrubs a URL param (`page_location`, `page_referrer`, `link_url`). */
  scrubUrl: (url: string) => string;
}

/**
 * Removes PII from every string param. Cost goes where free text can enter: numbers, booleans,
 * values proven to be an enum literal and values the runtime computed (bucket labels,
 * correlation ids) are not scanned; URLs get `scrubUrl`, other strings `scrubPii`.
 *
 * A param declared as an enum that carries something else is not free text by contract: when
 * it holds PII the event is dropped (`pii_blocked`) rather than sent with a placeholder.
 * PII in any other declared param is replaced and reported as a violation.
 */
export function scrubbing(options: ScrubbingOptions): Plugin {
  const enumSets = new Map<string, ReadonlySet<string>>();
  for (const [key, values] of Object.entries(options.enums ?? {})) enumSets.set(key, new Set(values));
  return {
    name: 'pii-scrubbing',
    processEvent(event, context) {
      let params: Record<string, unknown> | undefined;
      for (const key in event.params) {
        const value = event.params[key];
        if (typeof value !== 'string') {
          if (value !== null && typeof value === 'object') (params ??= { ...event.params })[key] = scrubDeep(value);
          continue;
        }
        const literals = enumSets.get(key);
        if (literals?.has(value) || event.trusted?.includes(key)) continue;
        const scrubbed = scrubParam(key, value, options.scrubUrl);
        if (scrubbed === value) continue;
        // A URL losing a deny-listed param is routine; PII in other text is a caller's mistake.
        if (!URL_PARAMS.has(key)) {
          if (literals) {
            context.drop('pii_blocked', `enum param "${key}" held personal data`);
            context.violation({ code: 'pii_scrubbed', message: `"${event.name}.${key}" is an enum param but held personal data; event dropped`, event: event.name });
            return null;
          }
          if (event.kind === 'event') {
            context.violation({ code: 'pii_scrubbed', message: `"${event.name}.${key}" held personal data; it was replaced before sending`, event: event.name });
          }
        }
        (params ??= { ...event.params })[key] = scrubbed;
      }
      if (params) event.params = params;
      return event;
    },
  };
}
