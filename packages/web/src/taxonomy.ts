import type { ValidateEvent } from './tracker-types.js';
import type { Violation } from './types.js';

/** The owner and params of one event, as in the generated `taxonomy.events`. */
export interface RuntimeEventDefinition {
  /** Who sends the event: the browser (`client`) or the server through the Measurement Protocol. */
  owner: 'client' | 'server';
  /** Required wire params. */
  required: readonly string[];
  /** Optional wire params. */
  optional: readonly string[];
}

/** A started/completed/failed group, as in the generated `taxonomy.lifecycles`. */
export interface RuntimeLifecycle {
  /** The group's stem (`generation`); the starter is `start` + PascalCase stem. */
  stem: string;
  /** The started event. */
  started: string;
  /** The completed event. */
  completed: string;
  /** The failed event. */
  failed: string;
}

/** A raw-number param and the bucket param it becomes, as in the generated `taxonomy.buckets`. */
export interface RuntimeBucketSource {
  /** The wire param holding the label. */
  param: string;
  /** Maps the raw number to its label. */
  toLabel: (value: number) => string;
}

/**
 * The generated taxonomy data a tracker runs on: pass the generated `taxonomy` object as it is
 * (`import { taxonomy } from './generated/taxon'`).
 */
export interface RuntimeTaxonomy {
  /** Every event the tracker accepts, by name. */
  events: Readonly<Record<string, RuntimeEventDefinition>>;
  /** Enum params and their literals; values proven to be one of them skip the PII scan. */
  enums?: Readonly<Record<string, readonly string[]>>;
  /** Call-site keys that carry raw numbers, and the bucket param each becomes. */
  buckets?: Readonly<Record<string, RuntimeBucketSource>>;
  /** Lifecycle groups; each gets a `start<Stem>` method on the tracker. */
  lifecycles?: readonly RuntimeLifecycle[];
  /**
   * Loads the generated development validators (zod). The generated object sets it only outside
   * production builds, so a production bundle holds neither the validators nor zod. The tracker
   * calls it once when created, unless `validate` is given.
   */
  loadValidators?: (() => Promise<{ validateEvent: ValidateEvent }>) | undefined;
}

/** The tracker method that starts a lifecycle: `generation` -> `startGeneration`, `free_trial` -> `startFreeTrial`. */
export function starterName(stem: string): string {
  return `start${stem
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

/** Whether the event declares the wire param. */
export function declares(definition: RuntimeEventDefinition | undefined, param: string): boolean {
  return Boolean(definition && (definition.required.includes(param) || definition.optional.includes(param)));
}

/**
 * The tracker's `validate` from the taxonomy's `loadValidators` (development only): starts the
 * load at once and validates with the loaded validators from then on. Events tracked before they
 * arrive (the first few milliseconds of a page) were sent unchecked: they are checked on arrival
 * and each problem is reported through `report`, since there is no caller left to throw to.
 * @returns undefined in production and when the taxonomy has no loader (hand-written taxonomies).
 */
/** The bundler's `process.env.NODE_ENV` (folded in production builds); no Node types needed. */
declare const process: { env: { NODE_ENV?: string } };

export function lazyValidator(
  load: RuntimeTaxonomy['loadValidators'],
  report: (violation: Violation) => void,
): ValidateEvent | undefined {
  // Folds to `return undefined` in production bundles, which then drop the rest (see `isDevelopment` in @taxon/core).
  if (load === undefined || typeof process === 'undefined' || process.env.NODE_ENV === 'production') return undefined;
  let loaded: ValidateEvent | undefined;
  // Bounded: a page that cannot load its validators must not grow this without end.
  let early: [name: string, params: unknown][] | undefined = [];
  const check = (validate: ValidateEvent, name: string, params: unknown) => {
    const problems = validate(name, params, 'wire');
    if (problems.length > 0) {
      report({
        code: 'invalid_event',
        message: `trackEvent("${name}") does not match the taxonomy (checked after it was sent, when the development validators had loaded):\n  ${problems.join('\n  ')}`,
        event: name,
      });
    }
  };
  const fail = (error: unknown) => {
    early = undefined;
    console.warn(`[taxon] the development validators did not load (${String(error)}); events go unchecked.`);
  };
  try {
    load().then((module) => {
      loaded = module.validateEvent;
      const pending = early ?? [];
      early = undefined;
      for (const [name, params] of pending) check(loaded, name, params);
    }, fail);
  } catch (error) {
    fail(error);
  }
  return (name, params, stage) => {
    if (loaded !== undefined) return loaded(name, params, stage);
    // Destinations extend the wire object in place (`send_to`): keep it as it was checked.
    if (early !== undefined && early.length < 100) early.push([name, { ...(params as object) }]);
    return [];
  };
}
