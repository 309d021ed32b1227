import type { DropReason } from '@taxon/core';
import type { Plugin, PipelineContext, TaxonEvent, Violation } from '../types.js';

/**
 * Runs an event through plugins in order. A plugin that returns null or throws drops the event;
 * unless it said why (`context.drop`), the drop is counted as `invalid_event` naming the plugin.
 */
export function createPluginRunner(
  plugins: readonly Plugin[],
  drop: (reason: DropReason, event: string, detail?: string) => void,
  violation: (violation: Violation) => void,
): (event: TaxonEvent) => TaxonEvent | null {
  // One context for every event: plugins run synchronously, so the event being processed and
  // whether it was dropped can live in two variables instead of a closure per event.
  let runningEvent = '';
  let runningDropped = false;
  const context: PipelineContext = {
    drop: (reason, detail) => {
      runningDropped = true;
      drop(reason, runningEvent, detail);
    },
    violation,
  };
  return (event) => {
    let current: TaxonEvent | null = event;
    runningEvent = event.name;
    runningDropped = false;
    for (const plugin of plugins) {
      try {
        current = plugin.processEvent(current, context);
      } catch (error) {
        if (!runningDropped) drop('invalid_event', event.name, `plugin ${plugin.name} threw: ${String(error)}`);
        return null;
      }
      if (current === null) {
        if (!runningDropped) drop('invalid_event', event.name, `dropped by plugin ${plugin.name}`);
        return null;
      }
    }
    return current;
  };
}
