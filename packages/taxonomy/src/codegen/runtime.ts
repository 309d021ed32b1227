import type { Taxonomy } from '../model.js';
import { emitBuckets } from './buckets.js';
import { emitEvents } from './events.js';
import { emitFunnels } from './funnels.js';
import { header, importPath, lit, type GenerateOptions } from './names.js';
import { emitPrices } from './prices.js';

/**
 * The runtime module (`index.ts`): every type and every value the app and the runtimes use, in
 * one file that imports nothing. Relative imports between generated files are what broke builds
 * (`./events.js` names no file on disk, and webpack and Turbopack resolve only files), so there
 * are none, save the development validators' `import()`, which names a real `.js` file.
 *
 * The `taxonomy` object holds what `@taxon/web` and `@taxon/edge` need, and nothing for people
 * (descriptions live in comments, which minifiers drop). Its `loadValidators` is set only outside
 * production: in a production build the branch is dead code, so neither the validators nor zod
 * are bundled.
 */
export function emitRuntime(taxonomy: Taxonomy, options: GenerateOptions): string {
  const validators = importPath(options.outputs.index, options.outputs.validators);
  return `${header(taxonomy, options, 'ts')}
${emitEvents(taxonomy)}
${emitBuckets(taxonomy)}
${emitFunnels(taxonomy)}
${emitPrices(taxonomy)}
/** Checks an event against the taxonomy; returns its problems, empty when it is valid. */
export type ValidateEvent = (name: string, params: unknown, stage?: 'input' | 'wire') => string[];

/** What \`${validators}\` exports (development only). */
export interface DevValidators {
  validateEvent: ValidateEvent;
}

// The bundler's: it replaces \`process.env.NODE_ENV\`, and a production build drops the dead branch.
declare const process: { env: { NODE_ENV?: string } };

/**
 * Everything the runtimes need, in one object:
 * \`createTracker<EventMap, ClientEventName>({ taxonomy, destinations })\` (@taxon/web) and
 * \`createMeasurementProtocol<EventMap, ServerEventName>({ taxonomy, ... })\` (@taxon/edge).
 */
export const taxonomy = {
  /** Owner and params of every event. */
  events: eventDefinitions,
  /** Allowed values of every enum param. */
  enums: enumValues,
  /** Call-site keys that carry raw numbers, and the bucket param each becomes. */
  buckets: bucketSources,
  /** Started/completed/failed groups. */
  lifecycles,
  /**
   * Loads the development validators (zod). Undefined in production builds, where this branch is
   * dead code: the validators and zod are not bundled. \`@taxon/web\` calls it itself.
   */
  loadValidators:
    typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
      ? (): Promise<DevValidators> => import(${lit(validators)})
      : undefined,
};
`;
}
