import type { RuntimeBucketSource } from '../taxonomy.js';
import type { Plugin } from '../types.js';

/**
 * Turns raw numbers into bucket labels with the generated `bucketSources` (`tokens: 1532` ->
 * `token_bucket: '1k-2k'`); the raw number never leaves the process. A raw value that is not a
 * finite number is left out. Computed labels are marked trusted: they skip the PII scan.
 */
export function bucketing(bucketSources: Readonly<Record<string, RuntimeBucketSource>>): Plugin {
  // A Map: looking up absent keys on a plain object walks its prototype chain every time.
  const sources = new Map(Object.entries(bucketSources));
  return {
    name: 'bucketing',
    processEvent(event) {
      let params: Record<string, unknown> | undefined;
      for (const key in event.params) {
        const source = sources.get(key);
        if (source === undefined) {
          if (params !== undefined) params[key] = event.params[key];
          continue;
        }
        // A fresh object rather than `delete`: deleting keys drops V8 objects into slow mode.
        if (params === undefined) {
          params = {};
          for (const earlier in event.params) {
            if (earlier === key) break;
            params[earlier] = event.params[earlier];
          }
        }
        const value = event.params[key];
        if (typeof value === 'number' && Number.isFinite(value)) {
          params[source.param] = source.toLabel(value);
          (event.trusted ??= []).push(source.param);
        }
      }
      if (params !== undefined) event.params = params;
      return event;
    },
  };
}
