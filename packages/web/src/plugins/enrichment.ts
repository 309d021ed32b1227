import { declares, type RuntimeEventDefinition } from '../taxonomy.js';
import type { Plugin } from '../types.js';

/**
 * Fills params an event declares but the call left out from the shared context set with
 * `tracker.setContext()` (feature, model, plan_type, ...). Only declared params are added, so
 * enrichment never sends a param the taxonomy does not know; an explicit value always wins.
 */
export function enrichment(
  events: Readonly<Record<string, RuntimeEventDefinition>>,
  context: () => Readonly<Record<string, string | number | boolean | undefined>>,
): Plugin {
  return {
    name: 'enrichment',
    processEvent(event) {
      const shared = context();
      const definition = events[event.name];
      for (const key in shared) {
        const value = shared[key];
        if (value === undefined || event.params[key] !== undefined || !declares(definition, key)) continue;
        event.params = { ...event.params, [key]: value };
      }
      return event;
    },
  };
}
