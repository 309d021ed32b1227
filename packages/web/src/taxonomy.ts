/** The owner and params of one event, as `eventDefinitions` in generated/taxon/events.ts. */
export interface RuntimeEventDefinition {
  /** Who sends the event: the browser (`client`) or the server through the Measurement Protocol. */
  owner: 'client' | 'server';
  /** Required wire params. */
  required: readonly string[];
  /** Optional wire params. */
  optional: readonly string[];
}

/** A started/completed/failed group, as `lifecycles` in generated/taxon/events.ts. */
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

/** A raw-number param and the bucket param it becomes, as `bucketSources` in buckets.ts. */
export interface RuntimeBucketSource {
  /** The wire param holding the label. */
  param: string;
  /** Maps the raw number to its label. */
  toLabel: (value: number) => string;
}

/**
 * The generated taxonomy data a tracker runs on. Pass the generated constants as they are:
 * `{ events: eventDefinitions, enums: enumValues, buckets: bucketSources, lifecycles }`.
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
}

/** `generation` -> `Generation`, `free_trial` -> `FreeTrial`. */
export function pascalCase(stem: string): string {
  return stem
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Whether the event declares the wire param. */
export function declares(definition: RuntimeEventDefinition | undefined, param: string): boolean {
  return Boolean(definition && (definition.required.includes(param) || definition.optional.includes(param)));
}
